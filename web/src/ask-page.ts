/**
 * The ask page: a question, the model name, strategy, paths, answer type and exemplars; then the paths stream side
 * by side, the vote grows bar by bar, and the result shows the answer with its confidence, tokens and time.
 */
import { ask, type AskBody, type AskEvent, type ReasoningResult, type WebOptions } from './api.js';
import { append, fill, h, percent } from './dom.js';
import { errorBox } from './error-box.js';
import { PathCard } from './path-card.js';
import { liveVotes, VoteChart } from './vote-chart.js';

export const DEFAULT_QUESTION = 'Mia has 12 pencils. She buys 7 more. She gives 4 to Ben. How many pencils does Mia have now?';
/** Strategies that sample one greedy path: a paths field means nothing to them. */
const GREEDY = new Set(['direct', 'chain-of-thought', 'zero-shot-cot']);

function select(testId: string, choices: readonly (readonly [value: string, label: string])[], selected: string): HTMLSelectElement {
  const element = h('select', { id: testId, name: testId, 'data-testid': testId });
  for (const [value, label] of choices) element.append(h('option', { value, selected: value === selected }, label));
  return element;
}

const field = (label: string, control: HTMLElement, wide = false): HTMLElement =>
  h('label', { class: wide ? 'field wide' : 'field', for: control.id }, h('span', {}, label), control);

export class AskPage {
  readonly element: HTMLElement;
  readonly #options: WebOptions;
  readonly #form: HTMLFormElement;
  readonly #controls: {
    question: HTMLTextAreaElement;
    model: HTMLSelectElement;
    strategy: HTMLSelectElement;
    paths: HTMLInputElement;
    answerType: HTMLSelectElement;
    exemplars: HTMLSelectElement;
    ask: HTMLButtonElement;
    stop: HTMLButtonElement;
  };
  readonly #notices = h('div', { class: 'notices' });
  readonly #result = h('section', { class: 'card result', 'aria-live': 'polite' });
  readonly #votes = new VoteChart();
  readonly #grid = h('div', { class: 'path-grid' });
  #cards = new Map<number, PathCard>();
  #answers: (string | null)[] = [];
  #running: AbortController | undefined;

  constructor(options: WebOptions) {
    this.#options = options;
    const question = h('textarea', { id: 'question', name: 'question', rows: 3, required: true, 'data-testid': 'question' });
    question.value = DEFAULT_QUESTION;
    const strategies = options.strategies.map((s) => [s.name, s.aliases.length > 0 ? `${s.name} (${s.aliases.join(', ')})` : s.name] as const);
    this.#controls = {
      question,
      model: select('model', options.models.map((m) => [m, m]), options.model),
      strategy: select('strategy', [['', 'from the model name'], ...strategies], options.defaults.strategy),
      paths: h('input', { id: 'paths', name: 'paths', type: 'number', min: 1, max: 64, step: 1, value: options.defaults.paths, 'data-testid': 'paths' }),
      answerType: select('answer-type', options.answerTypes.map((t) => [t, t]), 'auto'),
      exemplars: select('exemplars', [['', 'auto (for the answer type)'], ...options.exemplarSets.map((id) => [id, id] as const)], ''),
      ask: h('button', { type: 'submit', class: 'primary', 'data-testid': 'ask' }, 'Ask'),
      stop: h('button', { type: 'button', disabled: true, 'data-testid': 'stop' }, 'Stop'),
    };
    const c = this.#controls;
    this.#form = h(
      'form',
      { class: 'card ask-form' },
      field('Question', c.question, true),
      h(
        'div',
        { class: 'field-row' },
        field('Model', c.model),
        field('Strategy', c.strategy),
        field('Paths', c.paths),
        field('Answer type', c.answerType),
        field('Exemplars', c.exemplars),
        h('div', { class: 'buttons' }, c.ask, c.stop),
      ),
    );
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run(this.body());
    });
    c.stop.addEventListener('click', () => this.#running?.abort());
    c.model.addEventListener('change', () => this.#modelChanged());
    c.strategy.addEventListener('change', () => this.#syncFields());
    this.#syncFields();
    this.#showIdle();
    this.element = h(
      'div',
      { class: 'ask-page' },
      this.#form,
      this.#notices,
      h('div', { class: 'summary' }, this.#result, this.#votes.element),
      h('section', { class: 'paths' }, h('h2', {}, 'Paths'), this.#grid),
    );
  }

  /** The request the form describes: only the fields that say something beyond the defaults the name implies. */
  body(): AskBody {
    const c = this.#controls;
    const body: AskBody = { question: c.question.value, model: c.model.value };
    if (c.strategy.value !== '') body.strategy = c.strategy.value;
    if (!c.paths.disabled && c.paths.value.trim() !== '') body.paths = Number(c.paths.value);
    if (c.answerType.value !== 'auto') body.answerType = c.answerType.value;
    if (!c.exemplars.disabled && c.exemplars.value !== '') body.exemplars = c.exemplars.value;
    return body;
  }

  async run(body: AskBody): Promise<void> {
    this.#running?.abort();
    const running = new AbortController();
    this.#running = running;
    this.#reset();
    this.#setBusy(true);
    fill(this.#result, h('h2', {}, 'Result'), h('p', { class: 'muted', 'data-testid': 'progress' }, 'Waiting for the model…'));
    try {
      for await (const event of ask(body, running.signal)) this.#handle(event);
    } catch (error) {
      if (running.signal.aborted) append(this.#notices, h('div', { class: 'notice' }, 'Stopped: the request was cancelled, and the server stops generating.'));
      else this.#notices.append(errorBox(error));
    } finally {
      if (this.#running === running) this.#setBusy(false);
    }
  }

  #handle(event: AskEvent): void {
    switch (event.type) {
      case 'warnings':
        for (const warning of event.warnings) this.#notices.append(h('div', { class: 'notice' }, warning));
        break;
      case 'error':
        this.#notices.append(errorBox(event.error));
        break;
      case 'path-start':
        this.#card(event.index);
        break;
      case 'text-delta':
        this.#card(event.index).appendText(event.delta);
        break;
      case 'path-end': {
        this.#card(event.path.index).finish(event.path);
        this.#answers[event.path.index] = event.path.answer;
        const finished = this.#answers.filter((a) => a !== undefined);
        this.#votes.render({ votes: liveVotes(this.#answers), abstained: finished.filter((a) => a === null).length });
        const progress = this.#result.querySelector('[data-testid="progress"]');
        if (progress) progress.textContent = `${finished.length} of ${this.#cards.size} paths finished…`;
        break;
      }
      case 'vote-end':
        this.#votes.render({ votes: event.votes, abstained: this.#answers.filter((a) => a === null).length, winner: event.answer });
        for (const card of this.#cards.values()) card.markVerdict(event.answer, this.#answers[card.index] ?? null);
        break;
      case 'end':
        this.#showResult(event.result);
        break;
    }
  }

  /** The card of a path, made on first sight and kept in index order (paths finish in any order). */
  #card(index: number): PathCard {
    const existing = this.#cards.get(index);
    if (existing) return existing;
    const card = new PathCard(index);
    this.#cards.set(index, card);
    const next = [...this.#cards.values()].filter((c) => c.index > index).sort((a, b) => a.index - b.index)[0];
    this.#grid.insertBefore(card.element, next?.element ?? null);
    return card;
  }

  #showResult(result: ReasoningResult): void {
    const answered = result.paths.filter((p) => p.answer !== null).length;
    const won = result.votes.find((v) => v.answer === result.answer)?.count ?? 0;
    const stat = (label: string, value: HTMLElement, note?: string): HTMLElement =>
      h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, label), value, note ? h('span', { class: 'muted' }, note) : null);
    fill(
      this.#result,
      h('h2', {}, 'Result'),
      h(
        'div',
        { class: 'stats' },
        stat('Answer', h('span', { class: 'stat-value answer', 'data-testid': 'final-answer' }, result.answer ?? 'no answer')),
        stat('Confidence', h('span', { class: 'stat-value', 'data-testid': 'confidence' }, percent(result.confidence)), `${won} of ${answered} answered paths${answered < result.paths.length ? ` (${result.paths.length - answered} abstained)` : ''}`),
        stat('Tokens', h('span', { class: 'stat-value', 'data-testid': 'tokens' }, `${result.usage.inputTokens + result.usage.outputTokens}`), `${result.usage.inputTokens} in · ${result.usage.outputTokens} out`),
        stat('Time', h('span', { class: 'stat-value', 'data-testid': 'seconds' }, `${result.usage.seconds.toFixed(2)} s`), String(result.settings.strategy ?? '')),
      ),
    );
    for (const warning of result.warnings) this.#notices.append(h('div', { class: 'notice' }, warning));
  }

  #showIdle(): void {
    fill(this.#result, h('h2', {}, 'Result'), h('p', { class: 'muted placeholder' }, 'Ask a question: the answer, its confidence and its cost appear here.'));
  }

  #reset(): void {
    this.#cards = new Map();
    this.#answers = [];
    fill(this.#grid);
    fill(this.#notices);
    this.#votes.clear();
  }

  #setBusy(busy: boolean): void {
    this.#controls.ask.disabled = busy;
    this.#controls.stop.disabled = !busy;
    this.#form.classList.toggle('busy', busy);
  }

  /** A prefixed name (`sc-16/…`, `cot/…`) says the strategy and paths; the bare name takes the form's. */
  #modelChanged(): void {
    const c = this.#controls;
    const prefixed = c.model.value !== this.#options.model;
    c.strategy.value = prefixed ? '' : this.#options.defaults.strategy;
    c.paths.value = prefixed ? '' : String(this.#options.defaults.paths);
    this.#syncFields();
  }

  #syncFields(): void {
    const c = this.#controls;
    c.paths.disabled = GREEDY.has(c.strategy.value);
    // Left empty, the paths are the name's: `sc-16/…` says 16, the bare name the server's default.
    const named = /^sc-(?:zs-)?(\d+)\//.exec(c.model.value)?.[1] ?? (c.model.value === this.#options.model ? String(this.#options.defaults.paths) : '');
    c.paths.placeholder = c.strategy.value === '' ? named : '';
    c.exemplars.disabled = c.strategy.value === 'zero-shot-cot';
  }
}
