/**
 * @module
 * The real relay engine between a store and a simulated org (over loopback HTTP), every part on
 * one controlled clock: the store, the engine, the Salesforce client (its API-allowance pause
 * included), the target's send-time stamps and the org's own times. For tests of what the org
 * shows over time, and for generating the components' fixtures from what the relay writes.
 */
import { createLogger } from '../../relay/src/lib/logger.ts';
import type { Connection } from '../../relay/src/store/connections.ts';
import type { Store } from '../../relay/src/store/index.ts';
import type { ConnectLinks } from '../../relay/src/systems/registry.ts';
import { createSyncEngine, type SyncEngine } from '../../relay/src/sync/engine.ts';
import { hashPassword } from '../../relay/src/systems/qbd/auth.ts';
import { LEDGERBRIDGE_OWNER_ID } from '../../relay/src/systems/qbd/qwc.ts';
import { createQbdSource } from '../../relay/src/systems/qbd/source.ts';
import { upsertConnection } from '../../relay/src/systems/qbd/setup.ts';
import { completeRequests, createSalesforcePoller } from '../../relay/src/systems/salesforce/poller.ts';
import { createSalesforceTarget } from '../../relay/src/systems/salesforce/target.ts';
import { createSalesforceReporter } from '../../relay/src/systems/salesforce/reporter.ts';
import { createFieldMappingReader } from '../../relay/src/systems/salesforce/field-mappings.ts';
import type { TestBackend } from '../qbwc/support/stores.ts';
import { startHarness, type Harness } from '../simulators/salesforce/harness.ts';

export interface Clock {
  now(): number;
  advance(ms: number): void;
}

export interface ClockedOrg {
  readonly clock: Clock;
  readonly sf: Harness;
  readonly store: Store;
  readonly engine: SyncEngine;
  /** The Salesforce poller (sync requests, replays) on the same clock. */
  readonly poller: ReturnType<typeof createSalesforcePoller>;
  readonly connection: Connection;
  readonly password: string;
  /** Stores responses in the inbox as one Web Connector session's pages (the session itself is not opened). */
  receive(sessionId: string, pages: Record<string, string>): Promise<void>;
  /** Records of an object in the org, by API name. */
  records(object: string): Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * @example const org = await startClockedOrg(backend, { start: Date.parse('2026-03-15T17:00:00Z') });
 */
export async function startClockedOrg(
  backend: TestBackend,
  {
    start,
    pauseMs = 60 * 60_000,
    username = 'acme-books',
    password = 'correct horse battery staple',
    relayUrl,
    connectionId,
    connectLinks,
  }: {
    start: number;
    pauseMs?: number;
    username?: string;
    password?: string;
    relayUrl?: string;
    /** A fixed connection id (the connection key in every external ID) instead of a random one. */
    connectionId?: string;
    /** The connect links the poller answers connect requests with, made from the store. */
    connectLinks?: (store: Store) => ConnectLinks;
  },
): Promise<ClockedOrg> {
  let t = start;
  const clock: Clock = {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
  const sf = await startHarness({
    org: { now: clock.now },
    client: { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 2 }, pauseMs, now: clock.now },
  });
  const pricebook = sf.sim.org.objectOrThrow('Pricebook2');
  if (!sf.sim.org.store.all(pricebook).some((r) => r.IsStandard)) {
    sf.sim.org.store.insert(pricebook, { Name: 'Standard Price Book', IsStandard: true, IsActive: true });
  }
  const store = await backend.open({ now: clock.now });
  const connection = connectionId
    ? await store.connections.upsert({
        id: connectionId,
        qbwcUsername: username,
        passwordHash: await hashPassword(password),
        ownerId: LEDGERBRIDGE_OWNER_ID,
        fileId: `{${connectionId.toUpperCase()}}`,
      })
    : await upsertConnection(store, { username, password });
  const log = createLogger({ level: 'silent' });
  // The org's field mappings, read and checked as the relay's Salesforce system does
  // (systems/salesforce/index.ts): what it ignores is written on the connection.
  const mappings = createFieldMappingReader({ sf: sf.sf, log, now: clock.now });
  const target = createSalesforceTarget(sf.sf, { now: clock.now, mappings });
  const reporter = () => createSalesforceReporter('salesforce', { mappingProblems: () => mappings.last()?.problems });
  const engine: SyncEngine = createSyncEngine({
    store,
    source: createQbdSource({ connections: store.connections }),
    target,
    reporter: reporter(),
    log,
    now: clock.now,
    backoff: () => 5,
    maxAttempts: 4,
    gatherMs: 0,
    ...(relayUrl ? { relayUrl } : {}),
    onRunFinished: async (run) => {
      await completeRequests(store, engine, run, clock.now);
    },
  });
  const poller = createSalesforcePoller({
    sf: sf.sf,
    store,
    engine,
    target,
    reporter: reporter(),
    log,
    now: clock.now,
    webConnectorMinutes: 30,
    ...(connectLinks ? { connectLinks: connectLinks(store) } : {}),
  });
  let received = 0;
  return {
    clock,
    sf,
    store,
    engine,
    poller,
    connection,
    password,
    async receive(sessionId, pages) {
      for (const [kind, payload] of Object.entries(pages)) {
        // Ids in arrival order: payloads received at one instant are processed by id.
        const n = String(++received).padStart(8, '0');
        await store.inbox.add({
          id: `00000000-0000-4000-8000-${n.padStart(12, '0')}`,
          connectionId: connection.id,
          sessionId,
          requestKind: kind,
          requestId: n,
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
