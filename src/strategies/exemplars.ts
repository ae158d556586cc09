import path from 'node:path';
import type { AnswerSpec } from '../spec/answer.js';
import {
  defaultExemplarSets,
  exemplarAnswerType,
  isExemplarSetPath,
  loadExemplarSet,
  type ExemplarSet,
} from '../prompts/index.js';
import type { RunContext } from './run-context.js';

export interface ResolvedExemplars {
  readonly set: ExemplarSet;
  /** For `settings`: the set's id, and the file when a user's file was named. */
  readonly settings: { readonly exemplars: string; readonly exemplarsFile?: string };
}

/**
 * The named set, a set given as an object (used as it is; `settings.exemplars` is its id), or the default for the
 * answer type; a set teaching another answer type is a warning.
 */
export async function resolveExemplars(
  context: RunContext,
  ref: string | ExemplarSet | undefined,
  spec: AnswerSpec,
): Promise<ResolvedExemplars> {
  const chosen = ref ?? defaultExemplarSets[spec.type];
  const set = typeof chosen === 'string' ? await loadExemplarSet(chosen, { issuePath: ['exemplars'] }) : chosen;
  const taught = exemplarAnswerType(set);
  if (taught !== spec.type) {
    context.warn(`exemplar set ${set.id} shows ${taught} answers, but the question asks for a ${spec.type} answer`);
  }
  const fromFile = typeof chosen === 'string' && isExemplarSetPath(chosen);
  const settings = fromFile ? { exemplars: set.id, exemplarsFile: path.resolve(chosen) } : { exemplars: set.id };
  return { set, settings };
}
