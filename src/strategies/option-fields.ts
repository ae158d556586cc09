/** Option fields several strategies share, each validated the same way everywhere. */
import { z } from 'zod';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { parseStopRule } from '../answers/index.js';
import { exemplarSetIds, exemplarSetSchema, isExemplarSetId, isExemplarSetPath, unknownNameMessage } from '../prompts/index.js';

/** A shipped set id, or a path ending in .json; an unknown id is reported with the other option problems. */
export const exemplarRefField = z
  .string()
  .min(1)
  .superRefine((ref, context) => {
    if (!isExemplarSetPath(ref) && !isExemplarSetId(ref)) {
      context.addIssue({ code: 'custom', message: `${unknownNameMessage('exemplar set', ref, exemplarSetIds)}, or a path ending in .json` });
    }
  });

/**
 * A set reference (exemplarRefField), or a set itself in the exemplar-set file format: an in-memory set such as a
 * task's parsed BBH prompt. A string that fails is reported by its own checks (zod keeps the one branch of its type).
 */
export const exemplarsField = z.union([exemplarRefField, exemplarSetSchema], {
  error: 'must be an exemplar set id, a path ending in .json, or an exemplar set object in the set file format',
});

export const stopField = z.array(z.string().min(1)).max(16);
export const tokensField = z.int().min(1).max(1_000_000);
export const seedField = z.int().min(0).max(2 ** 31 - 1);
export const triggerField = z.string().min(1);

/** An early-stopping rule as written (`beta:0.95`, `dirichlet:0.95`, `window:4`, `fixed:8`), checked when parsed. */
export const earlyStopField = z.string().superRefine((text, context) => {
  try {
    parseStopRule(text);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    context.addIssue({ code: 'custom', message: error.issues.map((issue) => issue.message).join('; ') });
  }
});
