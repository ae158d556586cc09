import { Command } from 'commander';
import { readConfig } from '../config/index.js';
import { resolveStorePath } from '../eval/index.js';
import { Engine, prefixChoice, startServer } from '../server/index.js';
import { resolveStrategy } from '../strategies/index.js';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { wholeNumber, decimal } from './parse.js';
import { addModelOptions, openModelFrom, type ModelFlags } from './shared-options.js';

interface ServeFlags extends Omit<ModelFlags, 'apiKey'> {
  upstreamApiKey?: string;
  port: number;
  host: string;
  apiKey?: string;
  maxConcurrent: number;
  queue: number;
  timeout: number;
  bodyLimit: number;
  grace: number;
  default: string;
  store?: string;
}

export function serveCommand(run: (action: () => Promise<void>) => Promise<void>): Command {
  const command = new Command('serve').description(
    'An OpenAI-compatible server that answers with reasoning strategies, and a web page that shows the paths and the vote (README: "concord serve")',
  );
  addModelOptions(command, '--upstream-api-key');
  return command
    .option('-p, --port <n>', 'port to listen on (0 picks a free one)', wholeNumber(0), 8080)
    .option('--host <host>', 'interface to listen on (0.0.0.0 for all)', '127.0.0.1')
    .option('--api-key <key>', 'require Authorization: Bearer <key> on /v1 and /api (default: $CONCORD_SERVE_API_KEY, else no auth)')
    .option('--max-concurrent <n>', 'requests answered at once', wholeNumber(1), 8)
    .option('--queue <n>', 'requests that may wait for a slot; past that, 429 with Retry-After', wholeNumber(0), 64)
    .option('--timeout <seconds>', 'most seconds one request may take, queueing included (504 past it)', decimal(1, 86_400), 300)
    .option('--body-limit <bytes>', 'largest request body (413 past it)', wholeNumber(1024), 1024 * 1024)
    .option('--grace <seconds>', 'on SIGTERM, how long running requests may finish before they are cancelled', decimal(0, 3600), 10)
    .option('--default <prefix>', 'what the bare model name runs: direct, cot, zs-cot, l2m, pal, sc-<k>, sc-zs-<k>, usc-<k> or pal-<k>', 'sc-8')
    .option('--store <file>', "the SQLite run store the web page's runs page shows (default: $CONCORD_STORE, else .concord/runs.sqlite)")
    .action((flags: ServeFlags) => run(() => serve(flags)));
}

async function serve(flags: ServeFlags): Promise<void> {
  const defaultStrategy = prefixChoice(flags.default);
  if (defaultStrategy === undefined) throw new InvalidArgumentError([{ path: ['--default'], message: `unknown prefix "${flags.default}"; use direct, cot, zs-cot, l2m, pal, sc-<k>, sc-zs-<k>, usc-<k> or pal-<k>` }]);
  resolveStrategy(defaultStrategy.strategy);
  const { upstreamApiKey, apiKey: clientKey, ...modelFlags } = flags;
  const model = await openModelFrom({ ...modelFlags, ...(upstreamApiKey === undefined ? {} : { apiKey: upstreamApiKey }) });
  const engine = new Engine({
    model,
    defaultStrategy,
    maxConcurrent: flags.maxConcurrent,
    queue: flags.queue,
    timeoutSeconds: flags.timeout,
    store: resolveStorePath(flags.store),
  });
  const apiKey = clientKey ?? readConfig().serveApiKey;
  const server = await startServer({ engine, port: flags.port, host: flags.host, bodyLimitBytes: flags.bodyLimit, ...(apiKey === undefined ? {} : { apiKey }) });
  process.stderr.write(
    `concord serve: ${engine.modelName} (${model.provider}) at ${server.url}  ·  web page ${server.url}/  ·  OpenAI API ${server.url}/v1` +
      `${apiKey === undefined ? '' : '  ·  bearer auth on'}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.stderr.write(`concord serve: ${signal}, finishing ${engine.admission.running} running request(s) (up to ${flags.grace} s)\n`);
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void server.close(flags.grace).then(resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  process.stderr.write('concord serve: stopped\n');
}
