/**
 * @module
 * A sync engine wired to a simulated org (over loopback HTTP) and a fresh store, with helpers to
 * put QuickBooks responses in the inbox as a Web Connector session would.
 */
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../relay/src/lib/logger.ts';
import type { Store } from '../../relay/src/store/index.ts';
import { createSyncEngine, type SyncEngine } from '../../relay/src/sync/engine.ts';
import { createQbdSource } from '../../relay/src/systems/qbd/source.ts';
import { createSalesforceTarget } from '../../relay/src/systems/salesforce/target.ts';
import { createSalesforceReporter } from '../../relay/src/systems/salesforce/reporter.ts';
import { completeRequests, createSalesforcePoller } from '../../relay/src/systems/salesforce/poller.ts';
import type { TestBackend } from '../qbwc/support/stores.ts';
import { startHarness, type Harness } from '../simulators/salesforce/harness.ts';

export interface EngineHarness {
  readonly sf: Harness;
  readonly store: Store;
  readonly engine: SyncEngine;
  readonly poller: ReturnType<typeof createSalesforcePoller>;
  readonly logs: string[];
  /** A new engine and target over the same store and org, as a relay process started again has (nothing in memory). */
  restarted(): SyncEngine;
  /** Stores responses in the inbox as one session's pages. */
  receive(sessionId: string, pages: Record<string, string>): Promise<void>;
  /** Records of an object in the org, by API name. */
  records(object: string): Record<string, unknown>[];
  close(): Promise<void>;
}

/** `bulkThreshold`: batches of at least this many writes stream through Bulk API 2.0 jobs. */
export async function startEngineHarness(
  backend: TestBackend,
  {
    namespace = '',
    bulkThreshold,
    now,
    timeZone,
    maxAttempts = 4,
    dispatchLimit,
  }: {
    namespace?: string;
    bulkThreshold?: number;
    now?: () => number;
    timeZone?: string;
    /** Attempts before a transiently failing write is marked failed. */
    maxAttempts?: number;
    /** Writes one dispatch round claims at most. */
    dispatchLimit?: number;
  } = {},
): Promise<EngineHarness> {
  const sf = await startHarness({
    namespace,
    client: {
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 2 },
      pauseMs: 200,
      ...(bulkThreshold ? { bulkThreshold } : {}),
    },
  });
  const pricebook = sf.sim.org.objectOrThrow('Pricebook2');
  if (!sf.sim.org.store.all(pricebook).some((r) => r.IsStandard)) {
    sf.sim.org.store.insert(pricebook, { Name: 'Standard Price Book', IsStandard: true, IsActive: true });
  }
  const store = await backend.open();
  await store.connections.upsert({
    id: 'acme',
    qbwcUsername: 'acme',
    passwordHash: 'x',
    ownerId: '{O}',
    fileId: '{F}',
  });
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', write: (l) => logs.push(l) });
  const started = () => {
    const target = createSalesforceTarget(sf.sf, { log });
    const engine: SyncEngine = createSyncEngine({
      store,
      source: createQbdSource({ connections: store.connections }),
      target,
      reporter: createSalesforceReporter('salesforce'),
      log,
      backoff: () => 5,
      maxAttempts,
      ...(now ? { now } : {}),
      ...(timeZone ? { timeZone } : {}),
      ...(dispatchLimit ? { dispatchLimit } : {}),
      onRunFinished: async (run) => {
        await completeRequests(store, engine, run);
      },
    });
    return { target, engine };
  };
  const { target, engine } = started();
  const poller = createSalesforcePoller({
    sf: sf.sf,
    store,
    engine,
    target,
    reporter: createSalesforceReporter('salesforce'),
    log,
    webConnectorMinutes: 30,
  });
  let received = 0;
  return {
    sf,
    store,
    engine,
    poller,
    logs,
    restarted: () => started().engine,
    async receive(sessionId, pages) {
      for (const [kind, payload] of Object.entries(pages)) {
        // Ids in arrival order: pages stored within one millisecond are processed by id, as the
        // Web Connector delivered them (items before invoices).
        await store.inbox.add({
          id: `${String(++received).padStart(12, '0')}-${randomUUID()}`,
          connectionId: 'acme',
          sessionId,
          requestKind: kind,
          requestId: randomUUID().slice(0, 8),
          payload,
        });
      }
    },
    records: (object) => sf.sim.org.records(object),
    async close() {
      await store.close();
      await sf.close();
    },
  };
}

/** The two ways writes reach the org: sObject Collections, and Bulk API 2.0 (from two writes of an object on). */
export const WRITE_PATHS = [
  ['sObject Collections', undefined],
  ['Bulk API 2.0', 2],
] as const;

/** The one record of an object whose `field` holds `value` (the test fails when there are none or several). */
export function onlyRecord(h: EngineHarness, object: string, field: string, value: string): Record<string, unknown> {
  const found = h.records(object).filter((r) => r[field] === value);
  expect(found).toHaveLength(1);
  return found[0]!;
}
