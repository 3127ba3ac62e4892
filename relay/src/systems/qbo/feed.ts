/**
 * @module
 * Reading QuickBooks Online companies into the inbox, each round, for every connected company that
 * is not paused or waiting for reauthorization:
 * - a company's **first sync** (or one whose Change Data Capture window has passed unread) is a full
 *   read: every entity the relay mirrors, page by page (1,000 records a call), inactive records too;
 * - **webhook notices** stored by `POST /qbo/webhooks` are fetched many records a call
 *   (`select … where Id in (…)`), never one call per notice; a deleted record (or one a merge
 *   removed) cannot be fetched and is stored as Intuit's own deleted entry;
 * - **Change Data Capture**, on a schedule and whenever the relay has been down, reads what changed
 *   since the last position (Intuit keeps 30 days; older is a full read again) — the safety net
 *   for notices lost or never sent. An answer full at 1,000 objects is read again narrower
 *   (`cdc-window.ts`); the position moves only to where every change had been read.
 * Each read is a delivery (`qbo_fetches`): the pages it stores carry its id, so the runs that count
 * them close once it has finished. Pages are stored as `mapping/pages.ts` encodes them and decoded
 * by the source (`source.ts`).
 */
import { uuidv7 } from '../../lib/ids.ts';
import type { QboConfig } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Result } from '../../lib/result.ts';
import type { Store } from '../../store/index.ts';
import { identitiesRepo } from '../../store/identities.ts';
import { topologyRepo } from '../../store/topology.ts';
import { readCompanyFacts } from './company-facts.ts';
import type { QboClient, QboJson } from './api/types.ts';
import { encodePage } from './mapping/pages.ts';
import { recordTypeOf } from './mapping/to-canonical.ts';
import { readCdcWindow } from './cdc-window.ts';
import { isNameList, quote } from './api/sql.ts';
import { isReadEntity, READ_ENTITIES, type ReadEntity } from './reads.ts';
import { qboChangesRepo, type PendingChange } from './store/changes.ts';
import { qboCompaniesRepo, type QboCompany } from './store/companies.ts';
import { qboFetchesRepo, type FetchKind } from './store/fetches.ts';

/** Change Data Capture looks back at most this far. */
const CDC_WINDOW_MS = 30 * 86_400_000;
/** Where the next Change Data Capture read starts, before the last one's time (clock skew, late commits). */
const CDC_OVERLAP_MS = 5 * 60_000;
/**
 * What a merge moves to the record kept, which Intuit does not report as changed: the transactions
 * naming it, read again by that reference so their mirrors point at the kept record's.
 */
const MOVED_BY_MERGE: Readonly<Record<string, readonly { entity: ReadEntity; ref: string }[]>> = {
  Customer: [
    { entity: 'Invoice', ref: 'CustomerRef' },
    { entity: 'Payment', ref: 'CustomerRef' },
  ],
  Vendor: [{ entity: 'Bill', ref: 'VendorRef' }],
};
/** Notices fetched in one round, at most. */
const NOTICES_PER_ROUND = 5000;

export interface FeedDeps {
  readonly config: QboConfig;
  readonly store: Store;
  readonly log: Logger;
  readonly now: () => number;
  /** The client of a company (one per connection, with its tokens and limiter). */
  clientFor(company: QboCompany): QboClient;
}

export interface QboFeed {
  /** One round over every company; `force`: Change Data Capture now, whatever its schedule. */
  round(force?: boolean): Promise<void>;
}

/** How long before the refresh token's hard cap the org is told to reconnect the company. */
const HARD_CAP_WARNING_MS = 30 * 86_400_000;

/** Intuit's instants carry an offset; an ISO instant in UTC is one too. */
const instant = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** @example const feed = createQboFeed({ config, store, log, now, clientFor }); await feed.round(); */
export function createQboFeed(d: FeedDeps): QboFeed {
  const companies = qboCompaniesRepo(d.store.db, d.now);
  const fetches = qboFetchesRepo(d.store.db, d.now);
  const changes = qboChangesRepo(d.store.db, d.now);
  const topology = topologyRepo(d.store.db, d.now);
  const identities = identitiesRepo(d.store.db, d.now);
  const log = d.log.child({ system: 'qbo' });

  /** Stores one page of records into the inbox, in the read `fetchId`. */
  async function store(
    company: QboCompany,
    fetchId: string,
    entity: string,
    records: readonly QboJson[],
    n: number | string,
  ) {
    if (records.length === 0) return;
    // Time-ordered: the pages of one read share the instant they were received at, and are taken in
    // the order their ids sort, which is the order they were read (parents first).
    await d.store.inbox.add({
      id: uuidv7(),
      connectionId: company.connectionId,
      sessionId: fetchId,
      requestKind: entity,
      requestId: `${entity} page ${n}`,
      payload: encodePage({ entity, records }),
    });
  }

  /** Runs one read as a delivery; its failure is the connection's health, in words. */
  async function read(company: QboCompany, kind: FetchKind, body: (fetchId: string) => Promise<Result<void>>) {
    const fetchId = await fetches.open(company.connectionId, kind);
    try {
      const done = await body(fetchId);
      if (done.ok) {
        await d.store.connections.touchContact({ id: company.connectionId });
        const c = await topology.connection(company.connectionId);
        const warning = hardCapWarning(company);
        if (c && c.health.status !== 'reauthorize' && (c.health.message ?? null) !== (warning ?? null))
          await d.store.connections.setHealth(
            company.connectionId,
            warning ? 'warning' : 'ok',
            warning ? 'qbo_reconnect_soon' : null,
            warning ?? null,
          );
        return;
      }
      log.warn('reading a QuickBooks Online company failed', {
        connection: company.connectionId,
        kind,
        code: done.error.code,
      });
      if (done.error.code !== 'qbo_reauthorize')
        await d.store.connections.setHealth(
          company.connectionId,
          done.error.retryable ? 'warning' : 'error',
          done.error.code,
          `${done.error.message}${done.error.retryable ? ' The relay tries again shortly.' : ''}`,
        );
    } finally {
      await fetches.close(fetchId);
    }
  }

  /** Intuit's refresh tokens end at a hard cap however often they are used: an admin must reconnect before. */
  function hardCapWarning(company: QboCompany): string | undefined {
    const cap = company.refreshHardExpiresAt;
    if (cap === null || cap - d.now() > HARD_CAP_WARNING_MS) return undefined;
    const day = new Date(cap).toISOString().slice(0, 10);
    return `QuickBooks Online ends this connection on ${day} (Intuit's limit on how long one sign-in lasts): an admin must reconnect it before then, with Connect QuickBooks Online on the Setup and health page or \`npm run ledgerbridge -- connect qbo\`.`;
  }

  async function fullRead(company: QboCompany, client: QboClient, fetchId: string): Promise<Result<void>> {
    const startedAt = d.now();
    const facts = await readCompanyFacts(client);
    if (!facts.ok) return facts;
    await companies.noteCompany(company.connectionId, facts.value);
    const row = await topology.connection(company.connectionId);
    if (row && row.label !== facts.value.companyName)
      await topology.ensureConnection({ ...row, label: facts.value.companyName });
    for (const entity of READ_ENTITIES) {
      let n = 0;
      for await (const page of client.query(entity, { includeInactive: isNameList(entity) })) {
        if (!page.ok) return page;
        await store(company, fetchId, entity, page.value, ++n);
      }
    }
    await companies.fullReadDone(company.connectionId, instant(startedAt - CDC_OVERLAP_MS));
    log.info('read a QuickBooks Online company in full', { connection: company.connectionId });
    return { ok: true, value: undefined };
  }

  async function fetchNotices(
    company: QboCompany,
    client: QboClient,
    fetchId: string,
    pending: readonly PendingChange[],
  ): Promise<Result<void>> {
    const byEntity = new Map<string, PendingChange[]>();
    for (const p of pending) byEntity.set(p.entity, [...(byEntity.get(p.entity) ?? []), p]);
    // Parents before children, so a page of invoices never names a customer not stored yet.
    for (const entity of READ_ENTITIES) {
      const notes = byEntity.get(entity) ?? [];
      // A name list's "Delete" makes the record inactive: it is still read. A deleted transaction
      // (or a record a merge removed) cannot be: Intuit's own deleted entry stands for it, as CDC gives it.
      // A merge is read as the kept record, then what the merge moved to it (MOVED_BY_MERGE).
      const nameList = isNameList(entity);
      const live = notes.filter((p) => nameList || p.operation !== 'Delete');
      const records: QboJson[] = [];
      if (live.length > 0) {
        const fetched = await client.selectByIds(
          entity,
          live.map((p) => p.entityId),
        );
        if (!fetched.ok) return fetched;
        records.push(...fetched.value);
      }
      const found = new Set(records.map((r) => r.Id));
      for (const p of notes) {
        if (p.operation === 'Delete' && !found.has(p.entityId))
          records.push({
            Id: p.entityId,
            status: 'Deleted',
            domain: 'QBO',
            MetaData: { LastUpdatedTime: p.changedAt ?? instant(d.now()) },
          });
      }
      await store(company, fetchId, entity, records, 1);
      for (const merge of pending.filter((p) => p.operation === 'Merge')) {
        for (const moved of (MOVED_BY_MERGE[merge.entity] ?? []).filter((m) => m.entity === entity)) {
          let n = 0;
          for await (const page of client.query(entity, { where: `${moved.ref} = ${quote(merge.entityId)}` })) {
            if (!page.ok) return page;
            await store(company, fetchId, entity, page.value, `${++n} of ${merge.entity} ${merge.entityId} merged`);
          }
        }
      }
    }
    await changes.settle(company.connectionId, pending);
    return { ok: true, value: undefined };
  }

  async function changeDataCapture(company: QboCompany, client: QboClient, fetchId: string): Promise<Result<void>> {
    const since = company.cdcSince!;
    const pages = new Map<string, number>();
    const mirrored = async (entity: string) => {
      const type = recordTypeOf(entity);
      return type ? identities.keys(company.connectionId, type) : [];
    };
    const read = await readCdcWindow(
      client,
      READ_ENTITIES,
      since,
      async (entity, records) => {
        const n = (pages.get(entity) ?? 0) + 1;
        pages.set(entity, n);
        await store(company, fetchId, entity, records, n);
      },
      mirrored,
    );
    if (!read.ok) return read;
    const { until, calls, queried } = read.value;
    if (calls.cdc > 1)
      log.info('Change Data Capture was full (1,000 changes an answer): read in narrower calls', {
        connection: company.connectionId,
        cdcCalls: calls.cdc,
        queryPages: calls.query,
        queried: queried.join(','),
      });
    const next = Math.max(Date.parse(since), Date.parse(until) - CDC_OVERLAP_MS);
    await companies.cdcDone(company.connectionId, instant(next));
    await changes.prune(d.now() - CDC_WINDOW_MS);
    return { ok: true, value: undefined };
  }

  async function roundOf(company: QboCompany, force: boolean): Promise<void> {
    const connection = await topology.connection(company.connectionId);
    if (!connection || connection.health.status === 'reauthorize') return;
    if (connection.pause && connection.pause.until > d.now()) return;
    const client = d.clientFor(company);
    const cdcStale = company.cdcSince !== null && Date.parse(company.cdcSince) < d.now() - CDC_WINDOW_MS + 3_600_000;
    if (company.fullReadAt === null || cdcStale) {
      if (cdcStale) {
        log.warn('Change Data Capture was not read for 30 days: reading the company in full', {
          connection: company.connectionId,
        });
        await companies.fullReadOwed(company.connectionId);
      }
      await read(company, 'full', (id) => fullRead(company, client, id));
      return;
    }
    const noticed = await changes.pending(company.connectionId, NOTICES_PER_ROUND);
    // Notices of entities the relay does not mirror (estimates, time activities) need no read.
    await changes.settle(
      company.connectionId,
      noticed.filter((p) => !isReadEntity(p.entity)),
    );
    const pending = noticed.filter((p) => isReadEntity(p.entity));
    if (pending.length > 0) await read(company, 'changes', (id) => fetchNotices(company, client, id, pending));
    const due = company.cdcAt === null || company.cdcAt + d.config.cdcMinutes * 60_000 <= d.now();
    if (force || due) await read(company, 'cdc', (id) => changeDataCapture(company, client, id));
  }

  return {
    async round(force = false) {
      for (const company of await companies.all()) {
        try {
          await roundOf(company, force);
        } catch (error) {
          log.error('a QuickBooks Online read failed', { connection: company.connectionId, err: error });
        }
      }
    },
  };
}
