/** Checks GenerateOptions for the OpenAI backend and resolves them into the settings of one call. */
import type { ChatMessage, GenerateOptions } from '../../spec/model.js';
import { InvalidArgumentError, type ArgumentIssue } from '../../spec/errors/index.js';
import { resolveSampling, type ResolvedSampling } from '../generate-options.js';
import type { Endpoint } from './openai-wire.js';

export interface ResolvedCall extends Omit<ResolvedSampling, 'seed'> {
  readonly endpoint: Endpoint;
  readonly prompt: string | readonly ChatMessage[];
  /**
   * The caller's seed only. resolveSampling invents one when none is given, but we do not send an invented
   * seed: a seeded request makes some servers (vLLM) sample it with its own generator, and hosted APIs differ.
   */
  readonly seed: number | undefined;
}

const ROLES = new Set(['system', 'user', 'assistant']);

/** The sampling options as every backend checks them (generate-options.ts), plus the prompt against the endpoint. */
export function resolveCall(options: GenerateOptions, configured: Endpoint | undefined): ResolvedCall {
  const issues: ArgumentIssue[] = [];
  let sampling: ResolvedSampling | undefined;
  try {
    sampling = resolveSampling(options);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    issues.push(...error.issues);
  }
  const prompt = options.prompt;
  const isText = typeof prompt === 'string';
  if (!isText) {
    if (prompt.length === 0) issues.push({ path: ['prompt'], message: 'must have at least one message' });
    prompt.forEach((m, i) => {
      if (!ROLES.has(m.role)) issues.push({ path: ['prompt', i, 'role'], message: `must be system, user or assistant, got ${String(m.role)}` });
      if (typeof m.content !== 'string') issues.push({ path: ['prompt', i, 'content'], message: 'must be a string' });
    });
  }
  const endpoint: Endpoint = configured ?? (isText ? 'completions' : 'chat');
  if (!isText && endpoint === 'completions') {
    issues.push({ path: ['prompt'], message: 'chat messages cannot be sent to the completions endpoint; pass a text prompt or use endpoint: "chat"' });
  }
  if (issues.length > 0 || sampling === undefined) throw new InvalidArgumentError(issues);
  // An empty stop string would end every completion before it starts; servers reject or ignore it.
  return { ...sampling, stop: sampling.stop.filter((s) => s !== ''), endpoint, prompt, seed: options.seed };
}
