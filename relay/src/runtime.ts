/**
 * @module
 * The relay's long-running parts besides HTTP: the store, the sync engine working the inbox and the
 * outbox, and the Salesforce poller (sync requests, replays). Started by `server.ts`; stopped
 * cleanly on SIGTERM (the current round finishes; leases cover anything cut short).
 */
import path from 'node:path';
import type { Config } from './config.ts';
import { createKeyring, loadOrCreateKey } from './lib/crypto.ts';
import { secretsRepo } from './store/secrets.ts';
import type { Logger } from './lib/logger.ts';
import { openStore, storeLocation, type Store } from './store/index.ts';
import { createSyncEngine, type SyncEngine } from './sync/engine.ts';
import { prepareQbwc } from './systems/qbd/setup.ts';
import { createQbdSource } from './systems/qbd/source.ts';
import { createSalesforceClient, type SalesforceClient } from './systems/salesforce/client.ts';
import { completeRequests, createSalesforcePoller } from './systems/salesforce/poller.ts';
import { createSalesforceTarget } from './systems/salesforce/target.ts';

export interface Runtime {
  readonly store: Store;
  /** Secrets at rest (encrypted with the configured or generated key). */
  readonly secrets: ReturnType<typeof secretsRepo>;
  /** Absent when Salesforce is not configured (the relay then only collects QuickBooks data). */
  readonly engine: SyncEngine | undefined;
  readonly salesforce: SalesforceClient | undefined;
  /** Runs one round of everything now (tests, the demo); `pollNow` reads Salesforce even if it is not due. */
  tick(options?: { pollNow?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Use this store instead of opening one from the configuration. */
  readonly store?: Store;
  /** Pause between rounds of the sync loop when there is nothing to do. */
  readonly idleMs?: number;
  /** Start the background loops (false: the caller drives `tick()`). */
  readonly background?: boolean;
  readonly now?: () => number;
}

/**
 * The key for secrets at rest: `LEDGERBRIDGE_SECRET_KEY`, or a key generated into the data
 * directory on first run. Refuses to start when stored secrets need a key that is not configured;
 * after a rotation, re-encrypts them under the new key.
 */
async function openSecrets(config: Config, store: Store, log: Logger) {
  const { key, generated } = loadOrCreateKey(config.secretKey, config.store.dataDir);
  if (generated) {
    log.warn('generated a new secret key; back it up with the data directory', {
      file: path.join(config.store.dataDir, 'secret.key'),
      ...(config.store.kind === 'postgres'
        ? { hint: 'with a shared PostgreSQL store, set LEDGERBRIDGE_SECRET_KEY to the same key on every relay' }
        : {}),
    });
  }
  const keyring = createKeyring([key, ...config.previousSecretKeys]);
  const secrets = secretsRepo(store.db, keyring);
  const missing = await secrets.missingKeys();
  if (missing.length > 0) {
    throw new Error(
      `Stored secrets were encrypted with key(s) ${missing.join(', ')}, which are not configured: set LEDGERBRIDGE_SECRET_KEY (and LEDGERBRIDGE_PREVIOUS_SECRET_KEYS) to the keys they were written with.`,
    );
  }
  const rotated = await secrets.rotate();
  if (!rotated.ok) throw new Error(rotated.error.message);
  if (rotated.value > 0) log.info('re-encrypted secrets under the current key', { secrets: rotated.value });
  return secrets;
}

/**
 * @example const runtime = await startRuntime(config, log); ... await runtime.close();
 */
export async function startRuntime(config: Config, log: Logger, opts: RuntimeOptions = {}): Promise<Runtime> {
  const now = opts.now ?? Date.now;
  const store = opts.store ?? (await openStore(storeLocation(config)));
  let secrets: Awaited<ReturnType<typeof openSecrets>>;
  try {
    secrets = await openSecrets(config, store, log);
    // Web Connector set-up belongs to start-up: the configured connection, sessions a stopped relay left.
    await prepareQbwc(store, config, log);
  } catch (error) {
    if (!opts.store) await store.close();
    throw error;
  }
  const salesforce = config.salesforce.auth
    ? createSalesforceClient({ settings: config.salesforce, log, ...(opts.now ? { now: opts.now } : {}) })
    : undefined;
  if (!salesforce) log.warn('Salesforce is not configured: QuickBooks data is collected but not synced', {});
  const target = salesforce ? createSalesforceTarget(salesforce, { now, log }) : undefined;
  const engine: SyncEngine | undefined = target
    ? createSyncEngine({
        store,
        source: createQbdSource({ connections: store.connections }),
        target,
        log,
        now,
        relayUrl: config.publicUrl,
        timeZone: config.qbwc.timeZone,
        onRunFinished: async (run) => {
          await completeRequests(store, engine!, run, now);
        },
      })
    : undefined;
  const poller =
    salesforce && engine && target
      ? createSalesforcePoller({
          sf: salesforce,
          store,
          engine,
          target,
          log,
          now,
          webConnectorMinutes: config.qbwc.runEveryMinutes,
        })
      : undefined;

  // Work a killed predecessor left under lease is taken back now, not when its leases run out.
  await engine?.releaseAbandoned();

  let stopped = false;
  let lastPoll = 0;
  let running: Promise<void> = Promise.resolve();

  async function tick({ pollNow = false } = {}): Promise<void> {
    if (!engine) return;
    if (poller && (pollNow || now() - lastPoll >= config.salesforce.pollSeconds * 1000)) {
      lastPoll = now();
      await poller.pollOnce();
    }
    await poller?.reportStarted();
    await engine.drain({ maxRounds: 50 });
    await engine.finishRuns();
    await engine.drain({ maxRounds: 5 });
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      try {
        await tick();
      } catch (err) {
        log.error('sync round failed; retrying shortly', { err });
      }
      await new Promise((resolve) => setTimeout(resolve, opts.idleMs ?? 1000));
    }
  }
  if (opts.background !== false && engine) running = loop();

  return {
    store,
    secrets,
    engine,
    salesforce,
    tick,
    async close() {
      stopped = true;
      await running;
      if (!opts.store) await store.close();
    },
  };
}
