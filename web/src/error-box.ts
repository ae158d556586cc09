/** A failed call shown in words: the server's message, the field to fix, and a key prompt for a 401. */
import { ApiError, setApiKey } from './api.js';
import { h } from './dom.js';

export function errorBox(error: unknown): HTMLElement {
  const api = error instanceof ApiError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const box = h(
    'div',
    { class: 'error-box', role: 'alert', 'data-testid': 'error' },
    h('strong', {}, api?.param ? `Check the field “${api.param}”: ` : 'Error: '),
    message,
  );
  if (api?.status === 401) box.append(apiKeyForm());
  return box;
}

/** The server was started with --api-key: ask for it once per tab and try again. */
function apiKeyForm(): HTMLFormElement {
  const input = h('input', { type: 'password', placeholder: 'API key', autocomplete: 'off', 'aria-label': 'API key' });
  const form = h('form', { class: 'key-form' }, input, h('button', { type: 'submit' }, 'Use key'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setApiKey(input.value.trim());
    location.reload();
  });
  return form;
}
