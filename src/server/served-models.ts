/**
 * The model names the server answers to: the loaded model's own name runs the server's default strategy, and a
 * prefix picks another one — `direct/`, `cot/`, `zs-cot/`, `sc-<k>/` (self-consistency over k chain-of-thought
 * paths), `sc-zs-<k>/` (over k zero-shot-CoT paths), `usc-<k>/` (universal self-consistency), `l2m/`
 * (least-to-most), `pal/` and `pal-<k>/` (program-aided, greedy or voted over k programs).
 */
import { NoSuchModelError } from '../spec/errors/index.js';

export interface StrategyChoice {
  /** A strategy name the registry resolves. */
  readonly strategy: string;
  /** Options the name implies, e.g. `{ paths: 16 }` for `sc-16/`. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface ServedModel extends StrategyChoice {
  /** The name clients send, e.g. `sc-16/concord-mini`. */
  readonly id: string;
  /** The prefix, or null for the bare model name. */
  readonly prefix: string | null;
}

export const MAX_PREFIX_PATHS = 64;
/** The self-consistency sizes listed by /v1/models; any k from 1 to MAX_PREFIX_PATHS is accepted. */
const LISTED_PATHS = [4, 8, 16, 32] as const;

const FIXED_PREFIXES: Readonly<Record<string, StrategyChoice>> = {
  direct: { strategy: 'direct', options: {} },
  cot: { strategy: 'chain-of-thought', options: {} },
  'zs-cot': { strategy: 'zero-shot-cot', options: {} },
  l2m: { strategy: 'least-to-most', options: {} },
  pal: { strategy: 'program-aided', options: {} },
};

/** Prefixes with a path count: `sc-16`, `sc-zs-8`, `usc-8`, `pal-4`. */
const COUNTED_PREFIXES: readonly { readonly pattern: RegExp; readonly choice: (paths: number) => StrategyChoice }[] = [
  { pattern: /^sc-(\d{1,3})$/, choice: (paths) => ({ strategy: 'self-consistency', options: { paths } }) },
  { pattern: /^sc-zs-(\d{1,3})$/, choice: (paths) => ({ strategy: 'self-consistency', options: { paths, base: 'zero-shot-cot' } }) },
  { pattern: /^usc-(\d{1,3})$/, choice: (paths) => ({ strategy: 'universal-self-consistency', options: { paths } }) },
  { pattern: /^pal-(\d{1,3})$/, choice: (paths) => ({ strategy: 'program-aided', options: { paths } }) },
];

/** What a prefix means, or undefined for an unknown one. */
export function prefixChoice(prefix: string): StrategyChoice | undefined {
  const fixed = FIXED_PREFIXES[prefix];
  if (fixed !== undefined) return fixed;
  for (const { pattern, choice } of COUNTED_PREFIXES) {
    const paths = Number(pattern.exec(prefix)?.[1]);
    if (Number.isInteger(paths) && paths >= 1 && paths <= MAX_PREFIX_PATHS) return choice(paths);
  }
  return undefined;
}

/** The names /v1/models lists for one loaded model. */
export function servedModels(modelName: string, fallback: StrategyChoice): ServedModel[] {
  const prefixes = [
    ...Object.keys(FIXED_PREFIXES),
    ...LISTED_PATHS.map((k) => `sc-${k}`),
    ...LISTED_PATHS.map((k) => `sc-zs-${k}`),
    ...LISTED_PATHS.map((k) => `usc-${k}`),
    'pal-8',
  ];
  return [
    { id: modelName, prefix: null, ...fallback },
    ...prefixes.map((prefix) => ({ id: `${prefix}/${modelName}`, prefix, ...(prefixChoice(prefix) as StrategyChoice) })),
  ];
}

/** Resolves a requested name; anything but this server's model, bare or behind a known prefix, is a NoSuchModelError. */
export function resolveServedModel(requested: string, modelName: string, fallback: StrategyChoice): ServedModel {
  if (requested === modelName) return { id: requested, prefix: null, ...fallback };
  const slash = requested.indexOf('/');
  const prefix = slash < 0 ? '' : requested.slice(0, slash);
  const rest = slash < 0 ? requested : requested.slice(slash + 1);
  if (rest !== modelName) {
    throw new NoSuchModelError(requested, `this server serves ${modelName}, bare or with a strategy prefix (GET /v1/models lists them)`);
  }
  const choice = prefixChoice(prefix);
  if (choice === undefined) {
    throw new NoSuchModelError(
      requested,
      `unknown strategy prefix "${prefix}/"; known: direct/, cot/, zs-cot/, l2m/, pal/, and sc-<k>/, sc-zs-<k>/, usc-<k>/, pal-<k>/ with k from 1 to ${MAX_PREFIX_PATHS}`,
    );
  }
  return { id: requested, prefix, ...choice };
}
