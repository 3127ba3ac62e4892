/**
 * @module
 * Serves the relay: the only module that listens on a port. Handles SIGTERM/SIGINT by draining
 * in-flight requests before exiting.
 */
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.ts';
import { describeConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { startRuntime, type Runtime, type RuntimeOptions } from './runtime.ts';
import { VERSION } from './version.ts';

/**
 * How long an idle connection stays open: longer than its callers keep one for reuse (.NET, and so
 * the Web Connector, 100 s; reverse proxies 60–75 s), so a caller never sends on a connection the
 * relay is closing at that instant (Node's default is 5 s: a Web Connector waiting for QuickBooks
 * between two calls met it). Headers must arrive within a little longer still, as Node requires.
 */
export const KEEP_ALIVE_MS = 120_000;

export interface RunningRelay {
  readonly url: string;
  readonly port: number;
  readonly runtime: Runtime;
  close(): Promise<void>;
}

/**
 * Starts the relay (store with migrations applied, sync engine, Salesforce poller, HTTP) and
 * resolves once it is listening and ready.
 */
export async function startRelay(
  config: Config,
  log: Logger = createLogger({ level: config.logLevel }),
  runtimeOptions: RuntimeOptions = {},
): Promise<RunningRelay> {
  let ready = false;
  const runtime = await startRuntime(config, log, runtimeOptions);
  const app = createApp({
    config,
    log,
    isReady: () => ready,
    version: VERSION,
    store: runtime.store,
    secrets: runtime.secrets,
    status: () => runtime.status(),
    ...(runtimeOptions.now ? { now: runtimeOptions.now } : {}),
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: config.port,
        hostname: config.host,
        serverOptions: { keepAliveTimeout: KEEP_ALIVE_MS, headersTimeout: KEEP_ALIVE_MS + 5_000 },
      },
      () => resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  ready = true;
  log.info('relay listening', { url: `http://${config.host}:${port}`, config: describeConfig(config) });
  return {
    url: `http://${config.host}:${port}`,
    port,
    runtime,
    close: async () => {
      ready = false;
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      await runtime.close();
    },
  };
}

/** Runs the relay until SIGTERM/SIGINT, then drains and exits. */
export async function runUntilSignalled(config: Config): Promise<void> {
  const log = createLogger({ level: config.logLevel });
  const relay = await startRelay(config, log);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info('shutting down', { signal });
      relay.close().then(resolve, (err: unknown) => {
        log.error('shutdown failed', { err });
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
