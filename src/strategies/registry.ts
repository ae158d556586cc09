/** Strategies by name and alias, for the CLI, the server and the eval harness. */
import { InvalidArgumentError } from '../spec/errors/index.js';
import { unknownNameMessage } from '../prompts/index.js';
import { chainOfThought } from './chain-of-thought/index.js';
import { direct } from './direct/index.js';
import { programAided } from './program-aided/index.js';
import { selfConsistency } from './self-consistency/index.js';
import type { AnyStrategy } from './strategy.js';
import { zeroShotCot } from './zero-shot-cot/index.js';
import { universalSelfConsistency } from './universal-self-consistency/index.js';
import { leastToMost } from './least-to-most/index.js';

export const strategies: readonly AnyStrategy[] = [direct, chainOfThought, zeroShotCot, selfConsistency, programAided, universalSelfConsistency, leastToMost];

/** Every accepted name: canonical names, then aliases. */
export function strategyNames(): string[] {
  return [...strategies.map((s) => s.name), ...strategies.flatMap((s) => s.aliases)];
}

/** The strategy with this name or alias (case-insensitive); otherwise an InvalidArgumentError with a "did you mean". */
export function resolveStrategy(name: string, issuePath: readonly (string | number)[] = ['strategy']): AnyStrategy {
  const wanted = name.trim().toLowerCase();
  const found = strategies.find((s) => s.name === wanted || s.aliases.includes(wanted));
  if (found !== undefined) return found;
  throw new InvalidArgumentError([{ path: issuePath, message: unknownNameMessage('strategy', name, strategyNames()) }]);
}
