/**
 * @module
 * A real relay on a loopback socket for end-to-end tests: the Web Connector start-up, then `createApp`
 * (with the Web Connector routes) served by @hono/node-server on port 0 (or a given port, to come back on the same URL
 * after a restart), over a store the test owns.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp, MAX_BODY_BYTES } from '../../../relay/src/app.ts';
import { loadConfig, type Config } from '../../../relay/src/config.ts';
import { createLogger, type Logger } from '../../../relay/src/lib/logger.ts';
import type { Store } from '../../../relay/src/store/index.ts';
import type { ThrottlePolicy } from '../../../relay/src/systems/qbd/auth.ts';
import { qbwcRoutes } from '../../../relay/src/systems/qbd/routes.ts';
import { prepareQbwc } from '../../../relay/src/systems/qbd/setup.ts';

export interface TestRelay {
  readonly url: string;
  readonly port: number;
  readonly config: Config;
  close(): Promise<void>;
}

export const quietLog: Logger = createLogger({ level: 'silent' });

/**
 * @example const relay = await startTestRelay({ store });
 */
export async function startTestRelay({
  store,
  env = {},
  port = 0,
  now,
  throttle,
  log = quietLog,
}: {
  store: Store;
  env?: Record<string, string>;
  port?: number;
  /** A clock for the Web Connector routes (mounted without the app's other middleware). */
  now?: () => number;
  throttle?: ThrottlePolicy;
  log?: Logger;
}): Promise<TestRelay> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  // What the relay's start-up does for the Web Connector (runtime.ts), before it serves.
  await prepareQbwc(store, config, log);
  const app =
    now || throttle
      ? new Hono().route(
          '/',
          qbwcRoutes({
            config,
            log,
            version: 'test',
            maxBodyBytes: MAX_BODY_BYTES,
            store,
            ...(now ? { now } : {}),
            ...(throttle ? { throttle } : {}),
          }),
        )
      : createApp({ config, log, isReady: () => true, version: 'test', store });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    config,
    close: () =>
      new Promise<void>((resolve, reject) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/**
 * Posts one SOAP envelope and returns status and body.
 * @example const { status, body } = await postSoap(relay.url, envelope);
 */
export async function postSoap(
  url: string,
  body: string | Uint8Array,
  contentType = 'text/xml; charset=utf-8',
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}/qbwc`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, body: await res.text() };
}
