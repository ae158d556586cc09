import type { LanguageModel } from '../spec/model.js';
import type { Question } from './strategy.js';

/** What every result's settings start with: the strategy, the model and the answer type. */
export function baseSettings(strategy: string, model: LanguageModel, question: Question): Record<string, unknown> {
  return {
    strategy,
    provider: model.provider,
    modelId: model.modelId,
    answerType: question.answer.type,
    ...(question.answer.type === 'choice' ? { letters: question.answer.letters } : {}),
  };
}
