/**
 * The Markdown of `concord report` as DOM: `#` headings, GitHub pipe tables (cells escape `|` as `\|`) and
 * paragraphs, which is all runMarkdown writes. Built as text nodes, so nothing in a run can inject HTML.
 */
import { h } from './dom.js';

export function renderMarkdown(markdown: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const blocks = markdown.split(/\n\s*\n/).map((b) => b.trim()).filter((b) => b !== '');
  for (const block of blocks) {
    const lines = block.split('\n');
    const heading = /^(#{1,6})\s+(.*)$/.exec(block);
    if (heading && lines.length === 1) {
      const level = Math.min(6, (heading[1] ?? '#').length + 1) as 2 | 3 | 4 | 5 | 6;
      fragment.append(h(`h${level}`, {}, heading[2] ?? ''));
    } else if (lines.every((line) => line.trimStart().startsWith('|'))) fragment.append(table(lines));
    else fragment.append(h('p', {}, block.replace(/\s*\n\s*/g, ' ')));
  }
  return fragment;
}

/** Cells between unescaped pipes, with `\|` read back as `|`. */
export function tableCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replaceAll('\\|', '|'));
}

function table(lines: readonly string[]): HTMLElement {
  const [header = '', separator = '', ...rows] = lines;
  const isSeparator = tableCells(separator).every((cell) => /^:?-{3,}:?$/.test(cell));
  const bodyRows = isSeparator ? rows : [separator, ...rows];
  // Columns of numbers and percentages read best right-aligned.
  const numeric = (cell: string): boolean => /^[–\d.,%() +-]+$/.test(cell);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'md-table' },
      h('thead', {}, h('tr', {}, ...tableCells(header).map((cell) => h('th', {}, cell)))),
      h('tbody', {}, ...bodyRows.map((row) => h('tr', {}, ...tableCells(row).map((cell) => h('td', { class: numeric(cell) ? 'num' : undefined }, cell))))),
    ),
  );
}
