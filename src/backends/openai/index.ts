export { OpenAIModel, type ListModelsOptions, type OpenAIServerModel } from './openai-model.js';
export {
  openAIModelOptionsSchema,
  readOpenAIApiKeyFromEnv,
  resolveOpenAIModelOptions,
  type OpenAIModelOptions,
  type ResolvedOpenAIModelOptions,
} from './openai-options.js';
export { isRetryableOpenAIError, serverErrorMessage } from './openai-error.js';
