/** Option fields several strategies share, each validated the same way everywhere. */
import { z } from 'zod';
import { exemplarSetIds, isExemplarSetId, isExemplarSetPath, unknownNameMessage } from '../prompts/index.js';

/** A shipped set id, or a path ending in .json; an unknown id is reported with the other option problems. */
export const exemplarsField = z
  .string()
  .min(1)
  .superRefine((ref, context) => {
    if (!isExemplarSetPath(ref) && !isExemplarSetId(ref)) {
      context.addIssue({ code: 'custom', message: `${unknownNameMessage('exemplar set', ref, exemplarSetIds)}, or a path ending in .json` });
    }
  });

export const stopField = z.array(z.string().min(1)).max(16);
export const tokensField = z.int().min(1).max(1_000_000);
export const seedField = z.int().min(0).max(2 ** 31 - 1);
export const triggerField = z.string().min(1);
