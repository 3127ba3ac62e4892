/**
 * @module
 * Builds the relay's Hono app. It never listens: `server.ts` serves it, tests call `app.request()`.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { Config } from './config.ts';
import type { Logger } from './lib/logger.ts';
import type { Store } from './store/index.ts';
import type { SecretsRepo } from './store/secrets.ts';
import { SYSTEMS } from './systems/registry.ts';

export interface AppDeps {
  readonly config: Config;
  readonly log: Logger;
  /** True once start-up (migrations, sign-ins) has finished; `/health` answers 503 before. */
  readonly isReady: () => boolean;
  readonly version: string;
  /** The store; the QuickBooks Web Connector routes open it from `config` on first use when absent. */
  readonly store?: Store;
  /** Secrets at rest (OAuth callbacks store tokens); from the runtime. */
  readonly secrets?: SecretsRepo;
  /** The relay's clock (Web Connector sessions, sign-in throttling); default the system clock. */
  readonly now?: () => number;
  /** What the systems report of themselves, by name (`{ salesforce: { changes: 'polling', reason } }`). */
  readonly status?: () => Record<string, unknown>;
}

/** Largest request body the relay accepts (QBWC pages of a few thousand records fit well under it). */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

/**
 * @example
 * const app = createApp({ config, log, isReady: () => true, version: '0.1.0' });
 * const res = await app.request('/health');
 */
export function createApp({ config, log, isReady, version, store, secrets, now, status }: AppDeps): Hono {
  const app = new Hono();
  app.use(requestId());
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json({ error: { code: 'body_too_large', message: `Request body over ${MAX_BODY_BYTES} bytes` } }, 413),
    }),
  );

  app.get('/health', async (c) => {
    const ready = isReady();
    const body = { status: ready ? 'ok' : 'starting', version, store: config.store.kind };
    if (!ready || !store) return c.json(body, ready ? 200 : 503);
    // What the relay still owes: payloads to read, writes to send, failures waiting for a replay.
    const [row] = await store.db.query<{ payloads: number; writes: number; failed: number; runs: number }>(
      `SELECT (SELECT COUNT(*) FROM inbox WHERE status = 'pending') AS payloads,
              (SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'leased')) AS writes,
              (SELECT COUNT(*) FROM outbox WHERE status = 'failed') AS failed,
              (SELECT COUNT(*) FROM sync_runs WHERE outcome = 'running') AS runs`,
    );
    return c.json({
      ...body,
      ...status?.(),
      sync: {
        pendingPayloads: Number(row?.payloads ?? 0),
        pendingWrites: Number(row?.writes ?? 0),
        failedWrites: Number(row?.failed ?? 0),
        runningRuns: Number(row?.runs ?? 0),
      },
    });
  });

  // Each system's own endpoints (the Web Connector's SOAP service; later webhooks and OAuth callbacks).
  const routeContext = {
    config,
    log,
    version,
    maxBodyBytes: MAX_BODY_BYTES,
    ...(store ? { store } : {}),
    ...(secrets ? { secrets } : {}),
    ...(now ? { now } : {}),
  };
  for (const system of SYSTEMS) {
    const routes = system.routes?.(routeContext);
    if (routes) app.route('/', routes);
  }

  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError((err, c) => {
    if ('getResponse' in err && typeof err.getResponse === 'function') return err.getResponse() as Response;
    log.error('unhandled error', { err, path: c.req.path, requestId: c.get('requestId') });
    return c.json({ error: { code: 'internal_error', message: 'Internal error; see the relay log' } }, 500);
  });
  return app;
}
