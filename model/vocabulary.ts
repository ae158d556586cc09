import { SPM_TOKEN_TYPE, type SpmVocabulary } from '../src/gguf/index.js';

export interface VocabularySource {
  /** Names: bare tokens only, so " Musk" is `▁` + `Musk`, the same token as in `"Musk"` (copying is identity). */
  readonly names: readonly string[];
  /** Template words: bare and space-prefixed (`▁answer`), in the cases they appear. */
  readonly words: readonly string[];
  readonly punctuation: readonly string[];
}

/** Integers 0..MAX_NUMBER are single tokens (bare and space-prefixed); larger ones split into pieces. */
export const MAX_NUMBER = 999;
const SPACE = '\u2581';

/**
 * The Concord Mini vocabulary, an SPM vocabulary llama.cpp's `llama` tokenizer reads. llama.cpp merges adjacent
 * pairs whose concatenation is a token, highest score first, leftmost first among equals. So:
 * - every prefix of every bare word is a token (score 1), so a word builds up from its first letter, whole;
 * - space-prefixed forms (score 0) merge only after all bare merges, so ` answer` becomes `▁answer` but ` Musk`
 *   stays `▁` `Musk` (no `▁Musk` token) and ` nk` stays `▁` `n` `k`;
 * - letters, digits, punctuation and `▁` are single tokens; all 256 byte tokens catch anything else.
 * Scores and types are exported to the GGUF; `SpmTokenizer` applies the same rules for training data.
 */
/** Words of the prompts around the task text (the Q/A layout, zero-shot-CoT's triggers), not emitted by the tasks. */
export const SCAFFOLD_WORDS: readonly string[] = ['Q', 'A', "Let's", 'think', 'step', 'by', 'Therefore', 'the', 'answer', 'arabic', 'numerals', 'is', 'Yes', 'or', 'No'];

export function buildConcordVocabulary(source: VocabularySource): SpmVocabulary {
  const tokens: string[] = ['<unk>', '<s>', '</s>'];
  const types: number[] = [SPM_TOKEN_TYPE.unknown, SPM_TOKEN_TYPE.control, SPM_TOKEN_TYPE.control];
  const scores: number[] = [0, 0, 0];
  const seen = new Set<string>(tokens);
  const add = (piece: string, type: number, score: number): void => {
    if (seen.has(piece)) return;
    seen.add(piece);
    tokens.push(piece);
    types.push(type);
    scores.push(score);
  };
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, SPM_TOKEN_TYPE.byte, 0);
  add(SPACE, SPM_TOKEN_TYPE.normal, 0);
  for (let code = 33; code < 127; code++) add(String.fromCharCode(code), SPM_TOKEN_TYPE.normal, 0);

  const names = new Set(source.names);
  const numbers = Array.from({ length: MAX_NUMBER + 1 }, (_, i) => String(i));
  const words = [...new Set([...source.words, ...SCAFFOLD_WORDS])];
  const bare = [...source.names, ...words, ...numbers];
  for (const word of bare) {
    for (let end = 2; end <= word.length; end++) add(word.slice(0, end), SPM_TOKEN_TYPE.normal, 1);
  }
  // A string that is a name never gets a space-prefixed form, even when it is also a template word.
  for (const word of [...words, ...numbers, ...source.punctuation, '(']) {
    if (!names.has(word)) add(SPACE + word, SPM_TOKEN_TYPE.normal, 0);
  }
  return { tokens, types, scores, bosId: 1, eosId: 2, unknownId: 0 };
}
