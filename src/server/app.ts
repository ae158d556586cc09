/**
 * The server as a fetch-style Hono app: `app.request(...)` in tests, `@hono/node-server` in `concord serve`.
 * Routes: `/v1/*` (OpenAI-compatible), `/api/*` (the web page's), `/health`, and the built web page at `/`.
 * One `onError` turns every error into its status and an OpenAI-shaped body (http-errors.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Engine } from './engine.js';
import { toHttpError } from './http-errors.js';
import { openaiRoutes } from './openai-routes.js';
import { webApi } from './web-api.js';

export interface AppOptions {
  /** When set, `/v1/*` and `/api/*` need `Authorization: Bearer <apiKey>` (401 otherwise). */
  readonly apiKey?: string;
  /** Largest request body accepted (413 past it). @default 1 MiB */
  readonly bodyLimitBytes?: number;
  /** The built web page (`dist/web`); the page is left out when absent. */
  readonly webRoot?: string;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export function createApp(engine: Engine, options: AppOptions = {}): Hono {
  const app = new Hono();
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  app.use(
    '*',
    bodyLimit({
      maxSize: limit,
      onError: () => {
        throw new HTTPException(413, { message: `the request body is larger than the server's limit of ${limit} bytes` });
      },
    }),
  );
  if (options.apiKey !== undefined) {
    const auth = bearerAuth(options.apiKey);
    app.use('/v1/*', auth);
    app.use('/api/*', auth);
  }
  app.get('/health', (c) =>
    c.json({
      status: 'ok',
      model: engine.modelName,
      running: engine.admission.running,
      queued: engine.admission.queued,
      max_concurrent: engine.admission.maxConcurrent,
      queue: engine.admission.queueLimit,
      uptime_seconds: Math.round((Date.now() - engine.startedAt.getTime()) / 1000),
    }),
  );
  app.route('/v1', openaiRoutes(engine));
  app.route('/api', webApi(engine));
  const webRoot = options.webRoot;
  if (webRoot !== undefined && existsSync(join(webRoot, 'index.html'))) {
    app.use('/*', serveStatic({ root: webRoot }));
  } else {
    app.get('/', (c) => c.html('<!doctype html><title>Concord</title><p>The web page is not built: run <code>npm run build</code>, then restart <code>concord serve</code>.</p>'));
  }
  app.notFound((c) => {
    const { body } = toHttpError(new HTTPException(404, { message: `no route ${c.req.method} ${c.req.path}` }));
    return c.json(body, 404);
  });
  app.onError((error, c) => {
    const { status, body, headers } = toHttpError(error);
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    return c.json(body, status);
  });
  return app;
}

/** Bearer-token check with a constant-time comparison; a missing or wrong token is an OpenAI-shaped 401. */
function bearerAuth(apiKey: string): MiddlewareHandler {
  const expected = Buffer.from(apiKey);
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const given = Buffer.from(match?.[1]?.trim() ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HTTPException(401, { message: match === null ? 'missing API key: send Authorization: Bearer <key>' : 'invalid API key' });
    }
    await next();
  };
}
