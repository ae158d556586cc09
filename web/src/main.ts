/** The page's shell: the top bar, and hash routes `#/` (ask), `#/runs` and `#/runs/<id>`. */
import './style.css';
import { fetchOptions, type WebOptions } from './api.js';
import { AskPage } from './ask-page.js';
import { fill, h } from './dom.js';
import { errorBox } from './error-box.js';
import { showRun, showRuns } from './runs-page.js';

const root = document.getElementById('app') ?? document.body;
const modelBadge = h('span', { class: 'model-badge', title: 'the model this server runs' });
const links = { ask: h('a', { href: '#/' }, 'Ask'), runs: h('a', { href: '#/runs' }, 'Runs') };
const view = h('main', { class: 'view' });
fill(root, h('header', { class: 'topbar' }, h('a', { class: 'brand', href: '#/' }, 'Concord'), h('nav', {}, links.ask, links.runs), modelBadge), view);

// The ask page is made once and kept, so a visit to the runs page does not lose the last answer.
let askPage: AskPage | undefined;
let options: Promise<WebOptions> | undefined = loadOptions();

function loadOptions(): Promise<WebOptions> {
  const loading = fetchOptions();
  loading.then((loaded) => (modelBadge.textContent = loaded.model)).catch(() => undefined);
  return loading;
}

async function route(): Promise<void> {
  const path = location.hash.replace(/^#/, '') || '/';
  const runMatch = /^\/runs\/(.+)$/.exec(path);
  links.ask.classList.toggle('active', !path.startsWith('/runs'));
  links.runs.classList.toggle('active', path.startsWith('/runs'));
  if (runMatch) {
    document.title = 'Run · Concord';
    await showRun(view, decodeURIComponent(runMatch[1] ?? ''));
  } else if (path === '/runs') {
    document.title = 'Runs · Concord';
    await showRuns(view);
  } else {
    document.title = 'Concord';
    try {
      options ??= loadOptions();
      askPage ??= new AskPage(await options);
      fill(view, askPage.element);
    } catch (error) {
      options = undefined;
      fill(view, errorBox(error));
    }
  }
}

window.addEventListener('hashchange', () => void route());
void route();
