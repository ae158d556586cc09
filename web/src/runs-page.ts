/** The runs page: the evaluation runs of the server's run store, and one run's tables and plots. */
import { fetchRun, fetchRuns, shownStatus, type RunRow } from './api.js';
import { fill, h, percent } from './dom.js';
import { errorBox } from './error-box.js';
import { renderMarkdown } from './markdown.js';

const PLOT_TITLES = { accuracyVsPaths: 'Accuracy against paths (maj@k)', accuracyVsTokens: 'Accuracy against tokens', calibration: 'Calibration' } as const;

export async function showRuns(container: HTMLElement): Promise<void> {
  fill(container, h('p', { class: 'muted' }, 'Loading runs…'));
  try {
    const { store, runs } = await fetchRuns();
    const where = store === null ? 'The server has no run store.' : `Run store: ${store}`;
    if (runs.length === 0) {
      const hint = store === null ? ' Start concord serve with --store <file>.' : ' Start one with concord eval <task> --store <file>.';
      fill(container, h('h1', {}, 'Evaluation runs'), h('p', { class: 'muted', 'data-testid': 'runs-empty' }, `No runs yet. ${where}${hint}`));
      return;
    }
    fill(container, h('h1', {}, 'Evaluation runs'), h('p', { class: 'muted' }, where), h('div', { class: 'card table-wrap' }, runsTable(runs)));
  } catch (error) {
    fill(container, h('h1', {}, 'Evaluation runs'), errorBox(error));
  }
}

function runsTable(runs: readonly RunRow[]): HTMLTableElement {
  const headers = ['Run', 'Status', 'Task', 'Strategy', 'Model', 'Items', 'Accuracy', 'Created'];
  return h(
    'table',
    { class: 'runs-table' },
    h('thead', {}, h('tr', {}, ...headers.map((label) => h('th', {}, label)))),
    h(
      'tbody',
      {},
      ...runs.map((run) =>
        h(
          'tr',
          { 'data-testid': 'runs-row', 'data-run': run.id },
          h('td', {}, h('a', { href: `#/runs/${encodeURIComponent(run.id)}` }, run.id)),
          h('td', {}, h('span', { class: `chip status-${shownStatus(run)}` }, shownStatus(run))),
          h('td', {}, run.split === null ? run.task : `${run.task}/${run.split}`),
          h('td', {}, run.strategy),
          h('td', {}, run.model),
          h('td', { class: 'num' }, `${run.finishedItems}/${run.itemCount}${run.failedItems > 0 ? ` (${run.failedItems} failed)` : ''}`),
          h('td', { class: 'num' }, run.accuracy === null ? '–' : percent(run.accuracy)),
          h('td', {}, new Date(run.createdAt).toLocaleString()),
        ),
      ),
    ),
  );
}

export async function showRun(container: HTMLElement, id: string): Promise<void> {
  const back = h('a', { href: '#/runs', class: 'back' }, '← All runs');
  fill(container, back, h('p', { class: 'muted' }, `Loading ${id}…`));
  try {
    const { run, markdown, plots } = await fetchRun(id);
    const meta = [shownStatus(run), new Date(run.createdAt).toLocaleString(), `Concord ${run.concordVersion}`, run.gitCommit ? `commit ${run.gitCommit.slice(0, 10)}` : null];
    fill(
      container,
      back,
      h('h1', { 'data-testid': 'run-id' }, run.id),
      h('p', { class: 'muted' }, meta.filter((part) => part !== null).join(' · ')),
      h('div', { class: 'card report', 'data-testid': 'run-report' }, renderMarkdown(markdown)),
      h(
        'div',
        { class: 'plots' },
        ...Object.entries(PLOT_TITLES).map(([key, title]) =>
          h(
            'figure',
            { class: 'card plot' },
            // As an image, the SVG cannot run scripts or restyle the page.
            h('img', { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(plots[key as keyof typeof PLOT_TITLES])}`, alt: title, title, 'data-testid': 'run-plot' }),
          ),
        ),
      ),
    );
  } catch (error) {
    fill(container, back, errorBox(error));
  }
}
