export { Engine, DEFAULT_STRATEGY, type EngineOptions, type ReasoningRequest, type PreparedRequest } from './engine.js';
export { createApp, DEFAULT_BODY_LIMIT, type AppOptions } from './app.js';
export { startServer, DEFAULT_WEB_ROOT, type StartServerOptions, type RunningServer } from './node-server.js';
export { Admission, type AdmissionOptions, type Release } from './admission.js';
export { ServerBusyError, RequestTimeoutError, ShuttingDownError } from './server-errors.js';
export { toHttpError, type HttpError, type OpenAIErrorBody } from './http-errors.js';
export { servedModels, resolveServedModel, prefixChoice, MAX_PREFIX_PATHS, type ServedModel, type StrategyChoice } from './served-models.js';
