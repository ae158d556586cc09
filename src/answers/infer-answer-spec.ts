import type { AnswerSpec } from '../spec/answer.js';

const YES_NO_START = /^(is|are|am|was|were|do|does|did|can|could|will|would|shall|should|has|have|had|may|might|must)\b/i;

/**
 * A best guess of a free-form question's answer type, for `--answer-type auto`. Checked in this order:
 * lettered options "(a) … (b) …" → choice over the letters present; "last letters" → text; a yes/no opening
 * ("Is …", "Does …") or "yes or no" → yes-no; any digit → number; else text. A guess: tasks and callers that
 * know the type pass it.
 */
export function inferAnswerSpec(question: string): AnswerSpec {
  const letters = [...question.matchAll(/\(([a-zA-Z])\)/g)].map((m) => (m[1] as string).toUpperCase());
  const distinct = [...new Set(letters)];
  if (distinct.length >= 2 && distinct[0] === 'A') return { type: 'choice', letters: distinct.sort() };
  if (/\blast letters?\b/i.test(question)) return { type: 'text' };
  if (YES_NO_START.test(question.trim()) || /\byes or no\b/i.test(question) || /\bstill heads up\b/i.test(question)) return { type: 'yes-no' };
  if (/\d/.test(question)) return { type: 'number' };
  return { type: 'text' };
}
