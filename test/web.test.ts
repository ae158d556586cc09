/**
 * The web page end to end: the page built by Vite, served by a real `concord serve` server on loopback with the
 * shipped model, driven in Debian's Chromium through playwright-core. It asks the README's question, watches the
 * paths, the vote and the answer appear, and reads an evaluation run's tables and plots from a run store.
 *
 * The screenshot of the answered page goes to test/.artifacts/web-page.png; with CONCORD_UPDATE_SCREENSHOT=1 it
 * replaces docs/web-page.png, the one the README shows.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_MODEL_PATH, openModel } from '../src/backends/index.js';
import { RunStore, type FinishedItem, type RunConfig } from '../src/eval/index.js';
import { Engine } from '../src/server/engine.js';
import { startServer, type RunningServer } from '../src/server/node-server.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const WEB_SOURCES = path.join(REPO, 'web');
const WEB_ROOT = path.join(REPO, 'dist', 'web');
/** Debian's package; the test never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const QUESTION = 'Mia has 12 pencils. She buys 7 more. She gives 4 to Ben. How many pencils does Mia have now?';
const SCREENSHOT = process.env.CONCORD_UPDATE_SCREENSHOT === '1' ? path.join(REPO, 'docs', 'web-page.png') : path.join(REPO, 'test', '.artifacts', 'web-page.png');

const storeDir = mkdtempSync(path.join(tmpdir(), 'concord-web-'));
const storeFile = path.join(storeDir, 'runs.sqlite');
let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;
let runId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (builtPageIsStale()) await build({ configFile: path.join(WEB_SOURCES, 'vite.config.ts'), logLevel: 'warn' });
  runId = writeRun(storeFile);
  const engine = new Engine({ model: await openModel({ model: BUNDLED_MODEL_PATH }), store: storeFile });
  server = await startServer({ engine, port: 0, webRoot: WEB_ROOT });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});

// Each test checks the errors of its own pages.
beforeEach(() => {
  pageErrors.length = 0;
});

afterAll(async () => {
  await browser?.close();
  await server?.close(0);
  rmSync(storeDir, { recursive: true, force: true });
});

describe('the web page', () => {
  it('answers a question: eight paths side by side with their answers, the vote, and the answer 15', async () => {
    await page.goto(`${server?.url}/`);
    const modelName = 'concord-mini';
    await page.getByTestId('question').fill(QUESTION);
    // A prefixed name says the strategy and paths itself; the bare name gives the form's fields back.
    await page.getByTestId('model').selectOption(`sc-16/${modelName}`);
    expect(await page.getByTestId('strategy').inputValue()).toBe('');
    expect(await page.getByTestId('paths').getAttribute('placeholder')).toBe('16');
    await page.getByTestId('model').selectOption(modelName);
    expect(await page.getByTestId('strategy').inputValue()).toBe('self-consistency');
    await page.getByTestId('paths').fill('8');
    // Concord Mini's own task format, as the README's first command uses.
    await page.getByTestId('exemplars').selectOption('concord-arithmetic');
    await page.getByTestId('ask').click();

    await page.getByTestId('final-answer').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('final-answer').textContent()).toBe('15');
    const cards = page.getByTestId('path-card');
    expect(await cards.count()).toBe(8);
    expect(await cards.evaluateAll((all) => all.map((card) => (card as HTMLElement).dataset.index))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(await page.locator('[data-testid="path-card"][data-state="done"]').count()).toBe(8);
    const answers = await page.getByTestId('path-answer').allTextContents();
    expect(answers).toHaveLength(8);
    expect(answers.filter((answer) => answer === '15').length).toBeGreaterThanOrEqual(5);
    for (const text of await page.locator('.path-text').allTextContents()) expect(text).toContain('The answer is');

    const bars = page.getByTestId('vote-bar');
    expect(await bars.count()).toBeGreaterThanOrEqual(1);
    expect(await bars.first().getAttribute('data-answer')).toBe('15');
    expect(await bars.first().getAttribute('class')).toContain('winner');
    const share = answers.filter((answer) => answer === '15').length / answers.filter((answer) => answer !== 'no answer').length;
    expect(await page.getByTestId('confidence').textContent()).toBe(`${(share * 100).toFixed(1)}%`);
    expect(await page.getByTestId('tokens').textContent()).toMatch(/^\d+$/);
    expect(await page.getByTestId('ask').isEnabled()).toBe(true);
    expect(await page.getByTestId('error').count()).toBe(0);

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("shows the server's 400 in an error box naming the field", async () => {
    await page.goto(`${server?.url}/#/`);
    // Blank but not empty passes the form's `required`; the server refuses it.
    await page.getByTestId('question').fill('   ');
    await page.getByTestId('ask').click();
    const error = page.getByTestId('error');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toContain('question');
  });

  it('lists the runs of the store, and shows a run with its tables and three plots', async () => {
    await page.goto(`${server?.url}/#/runs`);
    const row = page.getByTestId('runs-row');
    await row.first().waitFor({ timeout: 10_000 });
    expect(await row.count()).toBe(1);
    const cells = await row.first().locator('td').allTextContents();
    expect(cells.slice(0, 7)).toEqual([runId, 'done', 'arithmetic/in', 'self-consistency', 'llama/concord-mini', '3/3', '66.7%']);

    await row.first().getByRole('link').click();
    const plots = page.getByTestId('run-plot');
    await plots.nth(2).waitFor({ timeout: 20_000 });
    expect(page.url()).toContain(`#/runs/${runId}`);
    expect(await page.getByTestId('run-id').textContent()).toBe(runId);
    const report = (await page.getByTestId('run-report').textContent()) ?? '';
    expect(report).toContain('maj@k');
    expect(report).toContain('66.7%');
    expect(await page.locator('[data-testid="run-report"] table').count()).toBe(3);
    // Each SVG decoded into an image of its own size.
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid="run-plot"]')).every((img) => img.complete && img.naturalWidth > 100));
    expect(pageErrors).toEqual([]);
  });
});

/** Rebuilt when any file under web/ is newer than the built index.html (or nothing is built). */
function builtPageIsStale(): boolean {
  let built: number;
  try {
    built = statSync(path.join(WEB_ROOT, 'index.html')).mtimeMs;
  } catch {
    return true;
  }
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const file = path.join(dir, entry.name);
      return entry.isDirectory() ? newest(file) : statSync(file).mtimeMs;
    }));
  return newest(WEB_SOURCES) > built;
}

/** A finished run of three arithmetic items, two right, written with the run store's own API. */
function writeRun(file: string): string {
  const config: RunConfig = {
    task: 'arithmetic',
    split: 'in',
    limit: 3,
    strategy: 'self-consistency',
    strategyOptions: { paths: 4 },
    resolvedStrategyOptions: { paths: 4, temperature: 0.7, exemplars: 'concord-arithmetic' },
    model: { provider: 'llama', modelId: 'concord-mini', options: {} },
    seed: 0,
    dataSeed: null,
    dataDir: storeDir,
    skipBadRecords: false,
  };
  const item = (position: number, gold: string, answers: readonly (string | null)[]): FinishedItem => {
    const voted = answers[0] ?? null;
    return {
      id: `arithmetic-${position}`,
      position,
      question: `question ${position}`,
      gold,
      spec: { type: 'number' },
      voted,
      correct: voted === gold,
      confidence: answers.filter((a) => a === voted).length / answers.filter((a) => a !== null).length,
      seconds: 0.4,
      inputTokens: 300,
      outputTokens: 150,
      paths: answers.map((answer, index) => ({
        index,
        text: answer === null ? 'I do not know.' : `The answer is ${answer}.`,
        answer,
        rule: answer === null ? null : 'answer-phrase',
        tokens: 36,
        finishReason: { unified: 'stop', raw: 'eos' },
      })),
    };
  };
  using store = new RunStore(file);
  const { id } = store.createRun({ config, itemCount: 3 });
  store.recordItem(id, item(0, '15', ['15', '15', '17', '15']));
  store.recordItem(id, item(1, '8', ['8', '8', '8', null]));
  store.recordItem(id, item(2, '21', ['20', '20', '21', '20']));
  store.finishRun(id);
  return id;
}
