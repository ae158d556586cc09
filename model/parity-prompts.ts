/** Fixed prompts on which llama.cpp's greedy continuation must equal PyTorch's (train:mini and the tests check). */
export const PARITY_PROMPTS: readonly string[] = [
  'Q: Take the last letters of the words in "Elon Musk" and concatenate them.\nA:',
  'Q: A coin is heads up. Ka flips the coin. Sherrie flips the coin. Is the coin still heads up?\nA:',
  "Q: Tom has 5 apples. He buys 3 more. He gives 2 to Ann. How many apples does Tom have now?\nA: Let's think step by step.",
  'Q: Take the last letters of the words in "Rudy Igor Smith" and concatenate them.\nA: The answer is',
];
