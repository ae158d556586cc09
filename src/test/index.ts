export { MockLanguageModel, type MockCompletion, type MockResponder, type MockLanguageModelOptions } from './mock-language-model.js';
