/**
 * The exemplar-set file format of shared/prompts (see data/prompts/SOURCES.md, "File format"). Users may pass
 * their own file in this format. Objects are loose: extra keys (notes, provenance) are kept, not rejected.
 */
import { pathKey } from '../util/zod-issues.js';
import { z } from 'zod';
import { InvalidArgumentError, type ArgumentIssue } from '../spec/errors/index.js';

const exemplarSchema = z.looseObject({
  question: z.string().min(1),
  /** The reasoning alone; `full_answer_text` is `rationale + " " + answer_template` filled in. */
  rationale: z.string().optional(),
  /** The bare answer: a number, yes/no, a lower-case choice letter, a string. */
  answer: z.string().min(1),
  /** What follows "A: " in the prompt, exactly. */
  full_answer_text: z.string().min(1),
  notes: z.string().optional(),
  /** The printed text where the stored one differs (coin-flip exemplar 1); for people, not used. */
  as_printed: z.unknown().optional(),
});

const formatSchema = z.looseObject({
  question_prefix: z.string(),
  answer_prefix: z.string(),
  question_answer_separator: z.string(),
  /** Between exemplars, and between the last exemplar and the test question. */
  separator: z.string(),
  test_prompt_suffix: z.string().includes('{question}', { message: 'must contain {question}' }),
  stop: z.array(z.string().min(1)),
  /** The answer is read after the last occurrence of this phrase. */
  answer_phrase: z.string().min(1),
  answer_template: z.string().includes('{answer}', { message: 'must contain {answer}' }),
  /** Free text in the shared files ("number", "yes/no", "multiple-choice letter, ..."); see exemplarAnswerType. */
  answer_type: z.string().min(1),
  choices_format: z.string().optional(),
  test_question_template: z.string().optional(),
});

export const exemplarSetSchema = z
  .looseObject({
    id: z.string().min(1),
    paper: z.string().optional(),
    source: z.record(z.string(), z.unknown()).optional(),
    benchmarks: z.array(z.string()).optional(),
    format: formatSchema,
    num_exemplars: z.int().nonnegative().optional(),
    exemplars: z.array(exemplarSchema).min(1),
    notes: z.string().optional(),
  })
  // zod runs this only once the rest of the file is valid.
  .superRefine(checkExemplarCount);

/** A set file's `num_exemplars`, where it has one, must count its exemplars (every kind of set file has the pair). */
export function checkExemplarCount(set: { readonly num_exemplars?: number | undefined; readonly exemplars: readonly unknown[] }, context: z.RefinementCtx): void {
  if (set.num_exemplars !== undefined && set.num_exemplars !== set.exemplars.length) {
    context.addIssue({
      code: 'custom',
      path: ['num_exemplars'],
      message: `says ${set.num_exemplars} but the file has ${set.exemplars.length} exemplars`,
    });
  }
}

export type ExemplarSet = z.output<typeof exemplarSetSchema>;
export type Exemplar = ExemplarSet['exemplars'][number];
export type ExemplarFormat = ExemplarSet['format'];

/**
 * zod issues as ArgumentIssues, with `prefix` before each path and `suffix` after each message. An unknown key
 * becomes one issue at its own path (zod reports them all at the object's path).
 */
export function zodIssues(error: z.ZodError, prefix: readonly (string | number)[] = [], suffix = ''): ArgumentIssue[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map(pathKey)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key${suffix}` }));
    }
    return [{ path, message: issue.message + suffix }];
  });
}

/**
 * Checks a parsed JSON value against the format. `source` names where it came from (a file path) and is put in
 * every issue's message; every bad field is reported at once.
 */
export function parseExemplarSet(value: unknown, source: string): ExemplarSet {
  const parsed = exemplarSetSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(zodIssues(parsed.error, [], ` (exemplar set ${source})`));
  return parsed.data;
}
