/**
 * The app on a real port, through `@hono/node-server`, with the engine's lifecycle: `close()` stops taking
 * connections, lets running requests finish (up to a grace period), cancels the rest and disposes the model.
 */
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { createApp, type AppOptions } from './app.js';
import type { Engine } from './engine.js';

export interface StartServerOptions extends AppOptions {
  readonly engine: Engine;
  /** 0 picks a free port. @default 8080 */
  readonly port?: number;
  /** @default 127.0.0.1 (loopback only; pass 0.0.0.0 to listen on every interface) */
  readonly host?: string;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8080` */
  readonly url: string;
  readonly port: number;
  /** Graceful shutdown; resolves when every request has ended and the model is disposed. */
  close(graceSeconds?: number): Promise<void>;
}

/** Where `npm run build` puts the web page: dist/web beside the compiled server (or the source tree's). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { engine, port = 8080, host = '127.0.0.1', ...appOptions } = options;
  const app = createApp(engine, { webRoot: DEFAULT_WEB_ROOT, ...appOptions });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(started));
    started.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close(graceSeconds = 10) {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await engine.close(graceSeconds);
        // Keep-alive connections with no request in flight would hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
