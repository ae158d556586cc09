/** The vote as horizontal bars: live from the paths' answers while they finish, then the server's final vote. */
import type { VoteRow } from './api.js';
import { fill, h, percent } from './dom.js';

/**
 * The majority vote of the answers so far, as the server counts it for a majority vote: abstentions (null) left
 * out, most votes first, ties to the answer that appeared first. (The server's final vote replaces it.)
 */
export function liveVotes(answers: readonly (string | null | undefined)[]): VoteRow[] {
  const counts = new Map<string, number>();
  for (const answer of answers) if (answer !== null && answer !== undefined) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  const answered = [...counts.values()].reduce((sum, n) => sum + n, 0);
  // Map keeps first-appearance order, and the sort is stable.
  return [...counts].map(([answer, count]) => ({ answer, count, share: count / answered })).sort((a, b) => b.count - a.count);
}

export interface VoteChartState {
  readonly votes: readonly VoteRow[];
  /** Paths finished without an answer. */
  readonly abstained: number;
  /** The final vote's winner; undefined while the vote is live. */
  readonly winner?: string | null;
}

export class VoteChart {
  readonly element: HTMLElement;
  readonly #body: HTMLElement;
  readonly #caption: HTMLElement;

  constructor() {
    this.#caption = h('span', { class: 'muted' });
    this.#body = h('div', { class: 'vote-bars' });
    this.element = h(
      'section',
      { class: 'card votes', 'aria-live': 'polite' },
      h('h2', {}, 'Vote ', this.#caption),
      this.#body,
      h('p', { class: 'muted vote-note' }, 'Each path that gives an answer votes; a path without one abstains. Ties go to the answer seen first.'),
    );
    this.clear();
  }

  clear(): void {
    this.#caption.textContent = '';
    fill(this.#body, h('p', { class: 'muted placeholder' }, 'The answers of the paths appear here as they finish.'));
  }

  render(state: VoteChartState): void {
    const final = state.winner !== undefined;
    const answered = state.votes.reduce((sum, v) => sum + v.count, 0);
    this.#caption.textContent = `${final ? 'final' : 'live'} · ${answered} answered${state.abstained > 0 ? ` · ${state.abstained} abstained` : ''}`;
    if (state.votes.length === 0) {
      fill(this.#body, h('p', { class: 'muted placeholder' }, 'No path has given an answer yet.'));
      return;
    }
    fill(
      this.#body,
      ...state.votes.map((vote) => {
        const bar = h('div', { class: 'vote-fill' });
        bar.style.width = percent(vote.share);
        return h(
          'div',
          { class: `vote-row${final && vote.answer === state.winner ? ' winner' : ''}`, 'data-testid': 'vote-bar', 'data-answer': vote.answer },
          h('span', { class: 'vote-answer', title: vote.answer }, vote.answer),
          h('div', { class: 'vote-track' }, bar),
          h('span', { class: 'vote-count' }, `${vote.count} · ${percent(vote.share)}`),
        );
      }),
    );
  }
}
