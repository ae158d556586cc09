import { NoSuchModelError } from '../../spec/errors/index.js';

/** node-llama-cpp reports a missing or unreadable model file in several ways; give users one clear error. */
export function modelLoadError(model: string, cause: unknown): Error {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/ENOENT|no such file|not found|does not exist/i.test(message)) return new NoSuchModelError(model, 'file not found', { cause });
  return new NoSuchModelError(model, `llama.cpp could not load it (${message})`, { cause });
}
