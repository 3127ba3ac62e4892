/**
 * @module
 * Reconciliation as the relay runs it, each round after the engines: it asks a reconciliation of
 * every link whose last one is older than the schedule's period, and compares the ones whose books
 * figures have arrived — once the books connection's pages are all ingested, so what the session
 * read before its light read has been mirrored. The comparison (counts, monthly totals, balances,
 * each record's figures, each difference with its reason) is kept as the reconciliation's result,
 * its summary goes to the CRM's connection record, and with `repair` the differences a repair
 * fixes are forgotten as exchanged and their customers read again by the next session, so their
 * writes go out through the normal outbox.
 */
import type { Logger } from '../lib/logger.ts';
import type { Result } from '../lib/result.ts';
import { calendarRepo } from '../store/calendar.ts';
import type { Store } from '../store/index.ts';
import { identitiesRepo } from '../store/identities.ts';
import { outboxRepo } from '../store/outbox.ts';
import { reconciliationsRepo, type Reconciliation } from '../store/reconciliations.ts';
import type { ReconciliationReport } from '../sync/adapters.ts';
import type { Reread } from '../systems/registry.ts';
import type { Book, BookEntry } from './book.ts';
import { compareBooks, type Comparison } from './compare.ts';
import { explain, readFacts, REPAIRABLE, type Explained, type ReasonCode } from './reasons.ts';

/** A link as reconciliation needs it: its two connections, its flow, how to read the CRM's side and show the result. */
export interface ReconcileLink {
  readonly booksConnectionId: string;
  readonly crmConnectionId: string;
  /** The flow from the books into the CRM (its outbox tells pending and failed writes). */
  readonly flowId: string;
  /** Since when the link's records flow (its first scheduled reconciliation is a period later). */
  readonly since: number;
  readonly names: { readonly books: string; readonly crm: string };
  readMirrors(): Promise<Result<Book, { readonly code: string; readonly message: string }>>;
  /** The books' figures read now, for a system read through its API; absent: a session delivers them. */
  readBooks?(): Promise<Result<Book, { readonly code: string; readonly message: string }>>;
  /** Has the books read these records again (a repair). */
  reread(records: readonly Reread[], reconciliationId: string): Promise<void>;
  /** Queues the summary's write on the CRM's record of the books connection. */
  report(r: ReconciliationReport): Promise<void>;
}

/** What a reconciliation keeps as its result. */
export interface ReconcileResult {
  readonly at: number;
  readonly today: string;
  readonly names: ReconcileLink['names'];
  readonly counts: Comparison['counts'];
  readonly months: Comparison['months'];
  readonly differences: readonly Explained[];
  /** API calls spent reading the CRM's side, and its daily allowance when it says. */
  readonly crmCalls: number;
  readonly crmAllowance?: number;
  /** The records a repair has read again (`<object> <key>`). */
  readonly repairing: readonly string[];
  readonly summary: string;
}

export interface ReconcilerDeps {
  readonly store: Store;
  readonly log: Logger;
  readonly now: () => number;
  /** How often each link is reconciled by itself; 0: only when asked. */
  readonly everyMs: number;
  links(): Promise<readonly ReconcileLink[]>;
}

/** Each reason as the summary counts it. */
const IN_SHORT: Readonly<Record<ReasonCode, (n: ReconcileLink['names']) => string>> = {
  pending_write: () => 'on its way',
  failed_write: () => 'failed to write (see the Sync Logs)',
  changed_since_read: (n) => `changed in ${n.books} since the last read`,
  never_read: (n) => `never read from ${n.books}`,
  deleted_in_crm: (n) => `deleted in ${n.crm}`,
  edited_in_crm: (n) => `changed in ${n.crm}`,
  deleted_in_books: (n) => `gone from ${n.books} unseen`,
  follows_records: () => 'balance following from them',
  balance_stale: () => 'balance not brought up to date',
};

/**
 * The summary in words, as the CRM shows it.
 * @example summaryOf([], '2026-12-03 09:00 UTC', names) // 'In agreement as of 2026-12-03 09:00 UTC.'
 */
export function summaryOf(differences: readonly Explained[], asOf: string, names: ReconcileLink['names']): string {
  if (differences.length === 0) return `In agreement as of ${asOf}.`;
  const byReason = new Map<ReasonCode, number>();
  for (const d of differences) byReason.set(d.reason, (byReason.get(d.reason) ?? 0) + 1);
  const parts = [...byReason].map(([reason, n]) => `${n} ${IN_SHORT[reason](names)}`);
  return `${differences.length} difference(s) as of ${asOf}: ${parts.join(', ')}.`;
}

const stamp = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** @example const reconciler = createReconciler({ store, log, now, everyMs: 86_400_000, links }); await reconciler.round(); */
export function createReconciler(d: ReconcilerDeps) {
  const repo = () => reconciliationsRepo(d.store.db, d.now);

  /** False when the CRM could not be read now (the reconciliation waits for a later round). */
  async function compareOne(rec: Reconciliation, link: ReconcileLink): Promise<boolean> {
    const read = link.readBooks ? await link.readBooks() : undefined;
    if (read && !read.ok) {
      d.log.warn('reconciliation could not read the books', { reconciliation: rec.id, code: read.error.code });
      return false;
    }
    const books = read?.ok
      ? read.value.entries
      : (await repo().figures(rec.sessionId ?? '')).map((j) => JSON.parse(j) as BookEntry);
    const crm = await link.readMirrors();
    if (!crm.ok) {
      d.log.warn('reconciliation could not read the CRM', { reconciliation: rec.id, code: crm.error.code });
      return false;
    }
    const at = d.now();
    const today = (await calendarRepo(d.store.db, d.now).get(link.booksConnectionId))?.day ?? stamp(at).slice(0, 10);
    const comparison = compareBooks(books, crm.value.entries, today);
    const facts = await readFacts(d.store.db, link);
    const differences = explain(comparison.differences, facts, link.names);
    const repairing = rec.repair ? await repair(rec, link, differences) : [];
    const summary = summaryOf(differences, stamp(at), link.names);
    const result: ReconcileResult = {
      at,
      today,
      names: link.names,
      counts: comparison.counts,
      months: comparison.months,
      differences,
      crmCalls: crm.value.calls,
      ...(crm.value.allowance ? { crmAllowance: crm.value.allowance } : {}),
      repairing,
      summary,
    };
    await repo().finish(rec.id, 'compared', differences.length, JSON.stringify(result));
    await link.report({ connectionKey: link.booksConnectionId, at, differences: differences.length, summary });
    d.log.info('reconciled', {
      reconciliation: rec.id,
      connection: link.booksConnectionId,
      differences: differences.length,
      calls: crm.value.calls,
    });
    return true;
  }

  /** Forgets what was exchanged with each repairable record and has the books read them again. */
  async function repair(
    rec: Reconciliation,
    link: ReconcileLink,
    differences: readonly Explained[],
  ): Promise<string[]> {
    const fixable = differences.filter((x) => REPAIRABLE.has(x.reason));
    const ids = identitiesRepo(d.store.db, d.now);
    const outbox = outboxRepo(d.store.db, d.now);
    for (const x of fixable) {
      const known = await ids.get({ connectionId: link.booksConnectionId, object: x.object, key: x.key });
      if (known) await ids.forgetExchanged(known.entityId);
      await outbox.forgetSent(link.flowId, x.object, x.key);
    }
    await link.reread(
      fixable.map((x) => ({ object: x.object, key: x.key, ...(x.customerKey ? { customerKey: x.customerKey } : {}) })),
      rec.id,
    );
    return fixable.map((x) => `${x.object} ${x.key}`);
  }

  return {
    /** Asks the scheduled reconciliations that are due, then compares those whose figures arrived. */
    async round(): Promise<number> {
      const links = await d.links();
      if (d.everyMs > 0)
        for (const l of links) {
          const last = await repo().latest(l.booksConnectionId, l.crmConnectionId);
          if ((last?.askedAt ?? l.since) <= d.now() - d.everyMs)
            await repo().ask({ ...l, repair: false, requestedBy: 'schedule' });
        }
      let compared = 0;
      // A books system read through its API: its asked reconciliations are read and compared now.
      for (const link of links) {
        if (!link.readBooks) continue;
        const rec = await repo().claimAsked(link.booksConnectionId, link.crmConnectionId);
        if (!rec) continue;
        if ((await d.store.inbox.pending(link.booksConnectionId)) || !(await compareOne(rec, link)))
          await repo().release(rec.id);
        else compared++;
      }
      for (let rec = await repo().claimRead(); rec; rec = await repo().claimRead()) {
        const link = links.find(
          (l) => l.booksConnectionId === rec!.booksConnectionId && l.crmConnectionId === rec!.crmConnectionId,
        );
        if (!link) {
          await repo().finish(
            rec.id,
            'failed',
            null,
            JSON.stringify({ error: 'The link is no longer synced by this relay.' }),
          );
          continue;
        }
        // Pages read before the light read are mirrored first; a later round compares.
        if ((await d.store.inbox.pending(link.booksConnectionId)) || !(await compareOne(rec, link))) {
          await repo().release(rec.id);
          break;
        }
        compared++;
      }
      return compared;
    },
  };
}
