import { readFileSync } from 'node:fs';
import { generateItems, type SyntheticItem, type SyntheticTaskName } from '../src/tasks/synthetic/index.js';
import { resolveTask } from '../src/tasks/index.js';
import { exemplarSetFile, isExemplarSetId, loadZeroShotCot, zeroShotCotAnswerPrompt, zeroShotCotAnswerTrigger, zeroShotCotReasoningPrompt } from '../src/prompts/index.js';
import type { SpmTokenizer } from '../src/gguf/index.js';

/** Kojima's triggers and prompt templates, from the same data file the zero-shot-cot strategy prompts with. */
const ZERO_SHOT = await loadZeroShotCot();

interface ExemplarFile {
  readonly exemplars: readonly { readonly question: string; readonly answer: string; readonly full_answer_text: string }[];
}

/** The exemplars that drive each task at evaluation (the task registry's set: the papers' own for letters and coin flip). */
function loadExemplars(task: SyntheticTaskName): ExemplarFile {
  const id = String(resolveTask(task).exemplars);
  if (!isExemplarSetId(id)) throw new Error(`task ${task} has no shipped exemplar set`);
  return JSON.parse(readFileSync(exemplarSetFile(id), 'utf8')) as ExemplarFile;
}

/** A piece of a document: text, and whether the model is trained to produce it. */
export interface Segment {
  readonly text: string;
  readonly loss: boolean;
}

export type DocumentKind = 'cot' | 'direct' | 'zero-shot-reasoning' | 'zero-shot-answer';

/**
 * Documents in the layouts the strategies prompt with (../shared/prompts/README.md):
 * - few-shot `cot` / `direct`: `Q: …\nA: …` pairs joined by blank lines, sometimes after the task's published
 *   exemplars (no loss on those: they are the prompt, not data), loss on each answer and the blank line after it;
 * - zero-shot-CoT, call 1: `Q: …\nA: Let's think step by step.` then the rationale and end-of-text (loss);
 * - zero-shot-CoT, call 2: the same, then ` \n` + Kojima's trigger, and the answer (loss on the answer only).
 */
export function documentSegments(kind: DocumentKind, task: SyntheticTaskName, items: readonly SyntheticItem[], withExemplars: boolean): Segment[] {
  const segments: Segment[] = [];
  if (kind === 'zero-shot-reasoning' || kind === 'zero-shot-answer') {
    const item = items[0] as SyntheticItem;
    segments.push({ text: zeroShotCotReasoningPrompt(ZERO_SHOT, item.question), loss: false });
    if (kind === 'zero-shot-reasoning') {
      segments.push({ text: ` ${item.rationale}`, loss: true });
    } else {
      const trigger = zeroShotCotAnswerTrigger(ZERO_SHOT, { type: item.answerType });
      segments.push({ text: zeroShotCotAnswerPrompt(ZERO_SHOT, '', ` ${item.rationale}`, trigger), loss: false });
      segments.push({ text: ` ${item.answer}.`, loss: true });
    }
    return segments;
  }
  const pairs: { q: string; a: string; loss: boolean }[] = [];
  if (withExemplars) {
    for (const e of loadExemplars(task).exemplars) {
      pairs.push({ q: e.question, a: kind === 'cot' ? e.full_answer_text : `The answer is ${e.answer}.`, loss: false });
    }
  }
  for (const item of items) pairs.push({ q: item.question, a: kind === 'cot' ? item.cotAnswer : item.directAnswer, loss: true });
  pairs.forEach((pair, i) => {
    segments.push({ text: `${i === 0 ? '' : '\n\n'}Q: ${pair.q}\nA:`, loss: false });
    segments.push({ text: ` ${pair.a}`, loss: pair.loss });
  });
  return segments;
}

export interface EncodedDocument {
  readonly ids: number[];
  readonly loss: number[];
}

/** BOS + segments + EOS, with a loss flag per token (EOS is trained: the model learns where text ends). */
export function encodeDocument(tokenizer: SpmTokenizer, segments: readonly Segment[], bos: number, eos: number): EncodedDocument {
  const ids = [bos];
  const loss = [0];
  for (const segment of segments) {
    const encoded = tokenizer.encode(segment.text);
    ids.push(...encoded);
    loss.push(...encoded.map(() => (segment.loss ? 1 : 0)));
  }
  ids.push(eos);
  loss.push(segments.at(-1)?.loss ? 1 : 0);
  return { ids, loss };
}

export { generateItems };
