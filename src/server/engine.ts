/**
 * The server's engine: one loaded model, the names it is served under, admission control, and the path from a
 * request (question + strategy choice + options) to a strategy's event stream. The HTTP layers (OpenAI routes,
 * the web page's API) validate their wire format, then hand the engine a ReasoningRequest.
 */
import type { LanguageModel } from '../spec/model.js';
import type { ReasoningEvent } from '../spec/result.js';
import { InvalidArgumentError, type ArgumentIssue } from '../spec/errors/index.js';
import { isExemplarSetId } from '../prompts/index.js';
import { planQuestion, resolveStrategy, strategyOptionKeys, type AnyStrategy, type Question, type QuestionRequest } from '../strategies/index.js';
import { Admission, type Release } from './admission.js';
import { RequestTimeoutError } from './server-errors.js';
import { resolveServedModel, servedModels, type ServedModel, type StrategyChoice } from './served-models.js';

export interface EngineOptions {
  /** The opened model; the engine owns it from here on and disposes it on close. */
  readonly model: LanguageModel;
  /** The name clients use for it. @default model.modelId */
  readonly modelName?: string;
  /** What the bare model name runs. @default self-consistency with 8 paths */
  readonly defaultStrategy?: StrategyChoice;
  /** Requests that run at once. @default 8 */
  readonly maxConcurrent?: number;
  /** Requests that may wait for a slot; past that, 429. @default 64 */
  readonly queue?: number;
  /** Seconds one request may run (queueing included) before it is cancelled. @default 300 */
  readonly timeoutSeconds?: number;
  /** The SQLite run store the web page's runs page reads, if any. */
  readonly store?: string;
}

export interface ReasoningRequest {
  readonly question: QuestionRequest;
  /** A served model name (see GET /v1/models). @default the bare model name */
  readonly model?: string;
  /** Overrides the strategy the model name implies. */
  readonly strategy?: string;
  /** Strategy options, strictly checked: one the strategy does not take is an error. Issue paths get `optionsPath`. */
  readonly options?: Readonly<Record<string, unknown>>;
  readonly optionsPath?: readonly (string | number)[];
  /**
   * Options applied only where the strategy takes them, e.g. an OpenAI client's `temperature` sent to a greedy
   * chain-of-thought model; each one left out is named in `warnings`.
   */
  readonly ifApplicable?: Readonly<Record<string, unknown>>;
  /** The base seed, where the strategy samples (silently left out where it does not). */
  readonly seed?: number;
}

export interface PreparedRequest {
  readonly served: ServedModel;
  readonly strategy: AnyStrategy;
  readonly question: Question;
  readonly options: Readonly<Record<string, unknown>>;
  readonly warnings: readonly string[];
}

export const DEFAULT_STRATEGY: StrategyChoice = { strategy: 'self-consistency', options: { paths: 8 } };

export class Engine implements AsyncDisposable {
  readonly model: LanguageModel;
  readonly modelName: string;
  readonly defaultStrategy: StrategyChoice;
  readonly admission: Admission;
  readonly timeoutSeconds: number;
  readonly store: string | undefined;
  readonly startedAt = new Date();
  #closed: Promise<void> | undefined;
  readonly #running = new Set<AbortController>();

  constructor(options: EngineOptions) {
    this.model = options.model;
    this.modelName = options.modelName ?? options.model.modelId;
    this.defaultStrategy = options.defaultStrategy ?? DEFAULT_STRATEGY;
    this.admission = new Admission({ maxConcurrent: options.maxConcurrent ?? 8, queue: options.queue ?? 64 });
    const timeout = options.timeoutSeconds ?? 300;
    if (!(timeout > 0)) throw new InvalidArgumentError([{ path: ['timeoutSeconds'], message: 'must be a number of seconds > 0' }]);
    this.timeoutSeconds = timeout;
    this.store = options.store;
  }

  servedModels(): ServedModel[] {
    return servedModels(this.modelName, this.defaultStrategy);
  }

  /** Checks a request through and through (model name, strategy, options, question) before any model call. */
  async prepare(request: ReasoningRequest): Promise<PreparedRequest> {
    const served = resolveServedModel(request.model ?? this.modelName, this.modelName, this.defaultStrategy);
    const optionsPath = request.optionsPath ?? ['options'];
    const issues: ArgumentIssue[] = [];
    if (typeof request.options?.exemplars === 'string' && !isExemplarSetId(request.options.exemplars)) {
      // A server never reads files a client names; loadExemplarSet would, for a `.json` reference.
      if (request.options.exemplars.toLowerCase().endsWith('.json')) issues.push({ path: [...optionsPath, 'exemplars'], message: 'must be a shipped exemplar set id; files are not read by the server' });
    }
    if (issues.length > 0) throw new InvalidArgumentError(issues);
    let strategy = request.strategy === undefined ? resolveStrategy(served.strategy) : resolveStrategy(request.strategy, [...optionsPath, 'strategy']);
    // An explicit strategy drops the name's options (`sc-16/` paths mean nothing to `cot`).
    const implied = request.strategy === undefined || strategy.name === served.strategy ? served.options : {};
    try {
      if (await freeFormUnderDefault(request, served, strategy, implied)) strategy = resolveStrategy('universal-self-consistency');
    } catch (error) {
      throw prefixIssues(error, optionsPath);
    }
    const accepted = strategyOptionKeys(strategy) ?? new Set<string>();
    const given = request.options ?? {};
    const reasonsZeroShot = strategy.name === 'zero-shot-cot' || (strategy.name === 'self-consistency' && (given.base ?? implied.base) === 'zero-shot-cot');
    const warnings: string[] = [];
    const applicable: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(request.ifApplicable ?? {})) {
      if (value === undefined) continue;
      // A completion-length limit means the reasoning's length for zero-shot CoT (its answer call is short).
      const key = name === 'maxTokens' && reasonsZeroShot ? 'maxReasoningTokens' : name;
      if (accepted.has(key)) applicable[key] = value;
      else warnings.push(`${name} was ignored: strategy ${strategy.name} does not take it`);
    }
    if (request.seed !== undefined && accepted.has('seed')) applicable.seed = request.seed;
    const merged = { ...implied, ...applicable, ...given };
    try {
      const { question, options } = await planQuestion(strategy, request.question, merged);
      // A bad option is a 400 now, before a stream (and its 200) starts.
      strategy.check(question, options);
      return { served, strategy, question, options, warnings };
    } catch (error) {
      throw prefixIssues(error, optionsPath);
    }
  }

  /** Waits for a slot (or refuses at once with ServerBusyError); the caller must release it. */
  admit(signal?: AbortSignal): Promise<Release> {
    return this.admission.acquire(signal);
  }

  /**
   * Runs a prepared request: its events, cancelled when `signal` fires (the client went away) or when the
   * server's time-out passes (then the stream fails with a RequestTimeoutError).
   */
  async *stream(prepared: PreparedRequest, signal?: AbortSignal): AsyncGenerator<ReasoningEvent, void, undefined> {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(new RequestTimeoutError(this.timeoutSeconds)), this.timeoutSeconds * 1000);
    const onAbort = (): void => controller.abort(signal?.reason);
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    this.#running.add(controller);
    try {
      yield* prepared.strategy.stream(this.model, prepared.question, prepared.options, controller.signal);
    } catch (error) {
      if (controller.signal.reason instanceof RequestTimeoutError) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timeout);
      signal?.removeEventListener('abort', onAbort);
      this.#running.delete(controller);
    }
  }

  /**
   * Graceful shutdown: queued requests are refused, running ones get `graceSeconds` to finish and are then
   * cancelled, and the model is disposed. Safe to call more than once.
   */
  close(graceSeconds = 10): Promise<void> {
    this.#closed ??= (async () => {
      const drained = this.admission.close();
      const timer = setTimeout(() => {
        for (const controller of this.#running) controller.abort(new Error('server shutting down'));
      }, graceSeconds * 1000);
      await drained;
      clearTimeout(timer);
      await this.model.dispose();
    })();
    return this.#closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close(0);
  }
}

/**
 * Free-form (`text`) answers rarely agree word for word, so majority voting has little to count: a request on the
 * bare model name whose default is self-consistency is answered by universal self-consistency there (Chen et al.
 * 2023), with the same paths. A prefix or an explicit strategy is always taken as asked.
 */
async function freeFormUnderDefault(request: ReasoningRequest, served: ServedModel, strategy: AnyStrategy, implied: Readonly<Record<string, unknown>>): Promise<boolean> {
  if (served.prefix !== null || request.strategy !== undefined || strategy.name !== 'self-consistency') return false;
  if (request.question.answerType !== undefined && request.question.answerType !== 'auto') return request.question.answerType === 'text';
  const exemplars = request.options?.exemplars;
  const { question } = await planQuestion(strategy, request.question, { ...implied, ...(typeof exemplars === 'string' ? { exemplars } : {}) });
  return question.answer.type === 'text';
}

/** Option issues from the strategies name bare keys (`paths`); the client sent them under a path (`concord.paths`). */
function prefixIssues(error: unknown, optionsPath: readonly (string | number)[]): unknown {
  if (!(error instanceof InvalidArgumentError)) return error;
  const rooted = error.issues.map((issue) =>
    issue.path[0] === 'question' || issue.path.join('.').startsWith(optionsPath.join('.')) ? issue : { ...issue, path: [...optionsPath, ...issue.path] },
  );
  return new InvalidArgumentError(rooted, { cause: error });
}
