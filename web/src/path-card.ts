/** One reasoning path as a card: its text as it streams, then its extracted answer and token count. */
import type { ReasoningPath } from './api.js';
import { h } from './dom.js';

export class PathCard {
  readonly index: number;
  readonly element: HTMLElement;
  readonly #text: Text;
  readonly #body: HTMLElement;
  readonly #answer: HTMLElement;
  readonly #footer: HTMLElement;

  constructor(index: number) {
    this.index = index;
    this.#text = document.createTextNode('');
    this.#body = h('pre', { class: 'path-text' }, this.#text);
    this.#answer = h('span', { class: 'chip pending', 'data-testid': 'path-answer' }, '…');
    this.#footer = h('footer', { class: 'muted' }, 'generating');
    this.element = h(
      'article',
      { class: 'card path-card', 'data-testid': 'path-card', 'data-index': index, 'data-state': 'streaming' },
      h('header', {}, h('span', { class: 'path-title' }, `Path ${index + 1}`), this.#answer),
      this.#body,
      this.#footer,
    );
  }

  appendText(delta: string): void {
    // Appending to one text node keeps a long path linear; follow the end unless the reader scrolled up.
    const atEnd = this.#body.scrollTop + this.#body.clientHeight >= this.#body.scrollHeight - 4;
    // Completions start with the space after "A:"; the card does not show it.
    this.#text.appendData(this.#text.length === 0 ? delta.trimStart() : delta);
    if (atEnd) this.#body.scrollTop = this.#body.scrollHeight;
  }

  finish(path: ReasoningPath): void {
    // The final text replaces the streamed one: they agree, but a backend that does not stream sends only this.
    this.#text.data = path.text.trimStart();
    this.#answer.textContent = path.answer ?? 'no answer';
    this.#answer.className = `chip ${path.answer === null ? 'abstained' : 'answered'}`;
    const finish = path.finishReason.unified === 'stop' ? '' : ` · ${path.finishReason.unified}`;
    this.#footer.textContent = `${path.tokens} ${path.tokens === 1 ? 'token' : 'tokens'}${finish}${path.rule === null ? '' : ` · ${path.rule}`}`;
    this.element.dataset.state = 'done';
  }

  /** After the vote: whether this path's answer won. */
  markVerdict(winner: string | null, answer: string | null): void {
    if (answer === null) return;
    this.element.classList.add(answer === winner ? 'agrees' : 'disagrees');
  }
}
