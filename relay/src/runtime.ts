/**
 * @module
 * The relay's long-running parts besides HTTP: the store, and one sync engine per pair of a
 * source system and a target connection, with what each target system runs beside its engine
 * (Salesforce: reading sync requests and replays). Systems come from the registry
 * (`systems/registry.ts`): each prepares the connections the environment describes, then every
 * target connection in the store attaches. Started by `server.ts`; stopped cleanly on SIGTERM (the
 * current round finishes; leases cover anything cut short).
 */
import path from 'node:path';
import type { Config } from './config.ts';
import { createKeyring, loadOrCreateKey } from './lib/crypto.ts';
import type { Logger } from './lib/logger.ts';
import { openStore, storeLocation, type Store } from './store/index.ts';
import { secretsRepo, type SecretsRepo } from './store/secrets.ts';
import { topologyRepo } from './store/topology.ts';
import { createSyncEngine, type SyncEngine } from './sync/engine.ts';
import { flowsInto } from './sync/flows.ts';
import type { DeliveryKind, Reporter, TargetAdapter } from './sync/adapters.ts';
import type { RecordType } from './sync/model.ts';
import { createReconciler, type ReconcileLink } from './reconcile/runner.ts';
import type { ConnectionRow } from './store/topology.ts';
import {
  connectLinksOf,
  SYSTEMS,
  systemOf,
  type AttachedTarget,
  type BooksCustomFields,
  type Companion,
  type SystemContext,
} from './systems/registry.ts';

export interface Runtime {
  readonly store: Store;
  /** Secrets at rest (encrypted with the configured or generated key). */
  readonly secrets: SecretsRepo;
  /** One per source system and target connection; none when no target is configured (data is collected, not synced). */
  readonly engines: readonly SyncEngine[];
  /** Runs one round of everything now (tests, the demo); `pollNow` reads the targets' requests even if not due. */
  tick(options?: { pollNow?: boolean }): Promise<void>;
  /** What the companions report for `GET /health`, by system name (`{ salesforce: { changes: 'pubsub' } }`). */
  status(): Record<string, unknown>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Use this store instead of opening one from the configuration. */
  readonly store?: Store;
  /** Pause between rounds of the sync loop when there is nothing to do. */
  readonly idleMs?: number;
  /** Start the background loops (false: the caller drives `tick()`). */
  readonly background?: boolean;
  /** Start the companions' own background work (the org's change feed); default: as `background`. */
  readonly feeds?: boolean;
  readonly now?: () => number;
  /**
   * The HTTP of sign-ins to an identity provider (default the global `fetch`; tests: one that
   * trusts a simulated sign-in's throwaway certificate, as NODE_EXTRA_CA_CERTS would).
   */
  readonly signInFetch?: typeof fetch;
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
  const store = opts.store ?? (await openStore(storeLocation(config), { now }));
  let ctx: SystemContext;
  /** How writes reach each attached target connection (a request's answer says when they will land). */
  const deliveries = new Map<string, DeliveryKind>();
  /** The attached targets that are books, by connection id (their custom fields, for the CRM's mappings). */
  const booksTargets = new Map<string, TargetAdapter>();
  try {
    const secrets = await openSecrets(config, store, log);
    const base = {
      config,
      store,
      secrets,
      log,
      now,
      deliveryInto: (connectionId: string) => deliveries.get(connectionId),
      booksCustomFields: async (recordType: RecordType) => {
        const out = new Map<string, BooksCustomFields>();
        for (const [id, target] of booksTargets) {
          const names = await target.customFields?.(recordType);
          if (names) out.set(id, { system: target.name, names });
        }
        return out;
      },
      ...(opts.signInFetch ? { signInFetch: opts.signInFetch } : {}),
    };
    ctx = { ...base, connectLinks: connectLinksOf(base) };
    // Start-up work of each system: the connections the environment names, sessions a stopped relay left.
    for (const system of SYSTEMS) await system.prepare?.(ctx);
  } catch (error) {
    if (!opts.store) await store.close();
    throw error;
  }

  const sources = SYSTEMS.flatMap((s) => {
    const port = s.source?.(ctx);
    return port ? [{ port, side: s.side }] : [];
  });
  const feeds = SYSTEMS.flatMap((s) => {
    const feed = s.feed?.(ctx);
    return feed ? [feed] : [];
  });
  const workers: {
    engine: SyncEngine;
    companion: Companion | undefined;
    system: string;
    /** What it links: the target connection, what it attached with, the source system and the reporter. */
    target: { connection: ConnectionRow; attached: AttachedTarget; serves: string; reporter: Reporter };
  }[] = [];
  const attachedIds = new Set<string>();
  /** The reporter of each CRM system attached, by its name. */
  const crmReporters = new Map<string, Reporter>();

  /**
   * Attaches the target connections not attached yet: every one at start-up, then those made since
   * (a QuickBooks Online company an admin connected). Each gets an engine per source system of the
   * other side of a link (QuickBooks into a CRM, a CRM into QuickBooks).
   */
  async function attachNew(): Promise<SyncEngine[]> {
    const fresh = [];
    for (const connection of await topologyRepo(store.db, now).connections()) {
      if (attachedIds.has(connection.id)) continue;
      const system = systemOf(connection.system);
      const attached = await system?.attach?.(connection, ctx);
      if (!system || !attached) continue;
      attachedIds.add(connection.id);
      deliveries.set(connection.id, attached.target.delivery);
      if (system.side === 'books') booksTargets.set(connection.id, attached.target);
      fresh.push({ connection, system, attached });
    }
    // A target that shows no reports (QuickBooks) has its flows reported where the CRM's are: the
    // CRM the records come from (Salesforce's into Salesforce, Dynamics' into Dynamics).
    for (const a of fresh)
      if (a.attached.reporter && !crmReporters.has(a.system.name)) crmReporters.set(a.system.name, a.attached.reporter);
    const engines: SyncEngine[] = [];
    for (const { connection, system, attached } of fresh) {
      if (!attached.reporter && crmReporters.size === 0) {
        log.warn('no CRM is configured to report to: nothing is written into this connection', {
          connection: connection.id,
        });
        continue;
      }
      // What runs beside the engines into this target (the org's requests): one, made with the first
      // engine and told of every engine's finished runs.
      const beside: { companion?: Companion } = {};
      for (const source of sources) {
        if (source.side === system.side) continue; // books sync with a CRM, never with books
        const reporter = attached.reporter ?? crmReporters.get(source.port.serves) ?? [...crmReporters.values()][0]!;
        const flowFor = flowsInto(store, connection, now, { targetIsBooks: system.side === 'books' });
        // The flows into this target exist from now on: a payload of a source connection flowing into
        // several targets is stored for each of them (the inbox), this one included.
        for (const from of await topologyRepo(store.db, now).connections(source.port.serves)) await flowFor(from.id);
        const engine = createSyncEngine({
          store,
          source: source.port,
          target: attached.target,
          reporter,
          flowFor,
          log,
          now,
          relayUrl: config.publicUrl,
          timeZone: config.qbwc.timeZone,
          onRunFinished: async (run) => {
            await beside.companion?.runFinished(run);
          },
        });
        const companion = beside.companion ? undefined : attached.companion?.(engine);
        beside.companion ??= companion;
        workers.push({
          engine,
          companion,
          system: system.name,
          target: { connection, attached, serves: source.port.serves, reporter },
        });
        engines.push(engine);
      }
    }
    return engines;
  }
  await attachNew();
  if (workers.length === 0) log.warn('no target is configured: QuickBooks data is collected but not synced', {});

  // Work a killed predecessor left under lease is taken back now, not when its leases run out.
  for (const { engine } of workers) await engine.releaseAbandoned();

  /**
   * The links reconciliation compares: each flow from a books connection whose system gives its
   * figures into a CRM target that reads its mirrors, with the worker whose engine reports there.
   */
  async function reconcileLinks(): Promise<ReconcileLink[]> {
    const topology = topologyRepo(store.db, now);
    const links: ReconcileLink[] = [];
    for (const flow of await topology.flows()) {
      const books = await topology.connection(flow.sourceConnectionId);
      const booksSystem = books && systemOf(books.system);
      const w = workers.find(
        (x) => x.target.connection.id === flow.targetConnectionId && x.target.serves === books?.system,
      );
      const mirrors = w?.target.attached.mirrors;
      const reconcile = booksSystem?.reconcile;
      if (!books || !booksSystem || !reconcile || !w || !mirrors) continue;
      const { figures } = reconcile;
      links.push({
        booksConnectionId: books.id,
        crmConnectionId: flow.targetConnectionId,
        flowId: flow.id,
        since: (await topology.flowCreatedAt(flow.id)) ?? now(),
        names: { books: booksSystem.title, crm: systemOf(w.system)?.title ?? w.system },
        readMirrors: () => mirrors(books.id),
        ...(figures === 'next-session' ? {} : { readBooks: () => figures(ctx, books.id) }),
        reread: (records, reconciliationId) => reconcile.reread(ctx, books.id, records, reconciliationId),
        report: async (r) => {
          const write = w.target.reporter.reconciliationWrite?.(r);
          if (write) await w.engine.enqueue(books.id, [write]);
        },
      });
    }
    return links;
  }
  const reconciler = createReconciler({
    store,
    log,
    now,
    everyMs: config.reconcileHours * 3_600_000,
    links: reconcileLinks,
  });

  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  async function tick({ pollNow = false } = {}): Promise<void> {
    // A connection made since the last round (a company connected by an admin) starts syncing.
    for (const engine of await attachNew()) await engine.releaseAbandoned();
    // What the systems read beside the engines (requests, changes) first, so every engine sees it.
    for (const feed of feeds) await feed.round(pollNow);
    for (const { companion } of workers) await companion?.round(pollNow);
    for (const { engine } of workers) {
      await engine.drain({ maxRounds: 50 });
      await engine.finishRuns();
      await engine.drain({ maxRounds: 5 });
    }
    if (await reconciler.round()) for (const { engine } of workers) await engine.drain({ maxRounds: 5 });
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
  if (opts.background !== false && workers.length > 0) running = loop();
  const companionFeeds = opts.feeds ?? opts.background !== false;
  if (companionFeeds) for (const { companion } of workers) companion?.start?.();

  return {
    store,
    secrets: ctx.secrets,
    engines: workers.map((w) => w.engine),
    tick,
    status: () =>
      Object.fromEntries(
        workers.flatMap(({ companion, system }) => (companion?.status ? [[system, companion.status()]] : [])),
      ),
    async close() {
      stopped = true;
      await running;
      await Promise.all(workers.map(({ companion }) => companion?.stop?.()));
      if (!opts.store) await store.close();
    },
  };
}
