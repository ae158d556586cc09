// `npm run bench:load`: `concord serve` on the bundled Concord Mini under load, driven by autocannon.
// Three phases against one server process (spawned, so its peak memory is its own):
//   1. within capacity: as many clients as slots (--max-concurrent), to read the latency of answered requests;
//   2. overload: 200 clients against 8 slots and a queue of 64, which must give 429s with Retry-After, no
//      errors, no crash, and a server that still answers afterwards;
//   3. streaming: time from sending a request to its first reasoning chunk, against the whole answer's time.
// Options: --duration <s> per load phase (default 20), --clients <n> for the overload (default 200).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startServeProcess } from '../test/fixtures/serve-process.js';
import { machineLine, median } from './machine.js';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '20' }, clients: { type: 'string', default: '200' } } });
const duration = Number(values.duration);
const overloadClients = Number(values.clients);
const MAX_CONCURRENT = 8;
const QUEUE = 64;
const QUESTION = 'Mia has 12 pencils. She buys 7 more. She gives 4 to Ben. How many pencils does Mia have now?';
const body = (stream: boolean): string =>
  JSON.stringify({ model: 'sc-4/concord-mini', messages: [{ role: 'user', content: QUESTION }], concord: { exemplars: 'concord-arithmetic' }, stream });

const { child: server, url } = await startServeProcess(['--max-concurrent', String(MAX_CONCURRENT), '--queue', String(QUEUE)]);

/** Peak resident memory of the server process so far (VmHWM), in MiB. */
function peakMemoryMiB(): number {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

interface Phase {
  readonly result: autocannon.Result;
  /** Latencies of the answered (200) requests alone: under overload, autocannon's own mix in the fast 429s. */
  readonly answeredMs: number[];
}

async function load(clients: number): Promise<Phase> {
  const answeredMs: number[] = [];
  const result = await autocannon({
    url: `${url}/v1/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(false),
    connections: clients,
    duration,
    timeout: 120,
    setupClient: (client) => {
      client.on('response', (status, _bytes, ms) => {
        if (status === 200) answeredMs.push(ms);
      });
    },
  });
  return { result, answeredMs };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);
}

const statusCounts = ({ result }: Phase): string =>
  Object.entries(result.statusCodeStats ?? {})
    .map(([code, stats]) => `${code}: ${stats.count ?? 0}`)
    .join(', ');

// Warm-up: the first requests fill the sequences' prefix caches.
for (let i = 0; i < 3; i++) await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: body(false) }).then((r) => r.text());

const within = await load(MAX_CONCURRENT);
const overload = await load(overloadClients);
const health = await fetch(`${url}/health`).then((r) => r.json() as Promise<{ status: string }>);

// Streaming: first reasoning chunk vs the whole answer, one request at a time.
const firstChunk: number[] = [];
const whole: number[] = [];
for (let i = 0; i < 10; i++) {
  const started = performance.now();
  const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: body(true) });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let first: number | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (first === undefined && text.includes('reasoning_content')) first = performance.now() - started;
  }
  firstChunk.push(first ?? Number.NaN);
  whole.push(performance.now() - started);
}

const peak = peakMemoryMiB();
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));

const ms = (x: number): string => `${Math.round(x).toLocaleString('en-US')} ms`;
console.log(`concord serve under load · sc-4/concord-mini · --max-concurrent ${MAX_CONCURRENT} --queue ${QUEUE} · ${duration} s per phase`);
console.log(machineLine(1));
console.log();
console.log('| phase | clients | requests | answered (200) | refused (429) | other non-2xx | errors | timeouts | all p50 / p99 | answered p50 / p99 | answered/s |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [name, clients, phase] of [
  ['within capacity', MAX_CONCURRENT, within],
  ['overload', overloadClients, overload],
] as const) {
  const { result, answeredMs } = phase;
  const stats = result.statusCodeStats ?? {};
  const ok = stats['200']?.count ?? 0;
  const refused = stats['429']?.count ?? 0;
  const other = result.non2xx - refused;
  console.log(
    `| ${name} | ${clients} | ${result.requests.total} | ${ok} | ${refused} | ${other} | ${result.errors} | ${result.timeouts} | ${ms(result.latency.p50)} / ${ms(result.latency.p99)} | ${ms(percentile(answeredMs, 0.5))} / ${ms(percentile(answeredMs, 0.99))} | ${(ok / duration).toFixed(1)} |`,
  );
}
console.log();
console.log(`status codes, overload: ${statusCounts(overload)}; /health afterwards: ${health.status}`);
console.log(`streaming, 10 requests one at a time: first reasoning chunk after ${ms(median(firstChunk))} (median), whole answer ${ms(median(whole))}`);
console.log(`server peak resident memory: ${peak.toFixed(0)} MiB`);
