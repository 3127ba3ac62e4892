/**
 * @module
 * Storing a read's pages: each page goes into the inbox under the read's id (the delivery its run
 * counts), with the read's heartbeat, in one transaction; the last page is held back until the
 * read is over and stored in the transaction that moves its delta links, so a delta link never
 * moves past rows that are not stored, and a crash before it re-reads them (a page read again
 * unchanged is not stored twice: see `page.ts`). Counts what it stored per table, for the log.
 */
import type { Repos, Store } from '../../../store/index.ts';
import { dynamicsReadsRepo } from '../store/reads.ts';
import { encodePage, type Page, type PageTable } from './page.ts';
import { uuidv7 } from '../../../lib/ids.ts';
import { identitiesRepo } from '../../../store/identities.ts';
import { ROW_READS } from '../mapping/rows.ts';
import { stateHash, stateKey } from '../target/writes.ts';

/** A table's delta link after the read (`null`: read the table in full next). */
export interface LinkMove {
  readonly table: string;
  readonly deltaLink: string | null;
}

/** What a read stored of one table: rows and deletions (pages not stored again count nothing). */
export type Counts = Partial<Record<PageTable, { rows: number; deleted: number }>>;

export interface PageWriter {
  add(page: Page): Promise<void>;
  /** Stores the page held back and moves the delta links, in one transaction. */
  finish(moves: readonly LinkMove[]): Promise<void>;
}

/** Where a read's pages go: its connection, its id, and the counts all its writers add to. */
export interface ReadTarget {
  readonly store: Store;
  readonly connectionId: string;
  readonly readId: string;
  readonly now: () => number;
  readonly counts: Counts;
}

/**
 * One writer per table read (what it holds back is that table's last page).
 * @example const w = pageWriter(target); await w.add(page); await w.finish([{ table: 'account', deltaLink }]);
 */
export function pageWriter({ store, connectionId, readId, now, counts }: ReadTarget): PageWriter {
  let held: Page | undefined;
  let n = 0;

  async function put(tx: Repos, page: Page) {
    const { payload, dedupKey } = encodePage(page);
    const stored = await tx.inbox.add({
      id: uuidv7(),
      connectionId,
      sessionId: readId,
      requestKind: page.table,
      requestId: `${page.table} page ${++n}`,
      payload,
      dedupKey,
    });
    await dynamicsReadsRepo(tx.db, now).beat(readId);
    await noteStates(tx, page);
    if (!stored) return;
    const c = (counts[page.table] ??= { rows: 0, deleted: 0 });
    c.rows += page.rows.length;
    c.deleted += page.deleted.length;
  }

  /** The state each row read holds, under the keys the target writes it by (its id, its QuickBooks key). */
  async function noteStates(tx: Repos, page: Page) {
    const { entitySet, key } = ROW_READS[page.table];
    const ids = identitiesRepo(tx.db, now);
    for (const row of page.rows) {
      const id = row[key];
      if (typeof id !== 'string' || typeof row.statecode !== 'number') continue;
      const held = stateHash(row.statecode);
      await ids.noteWritten(stateKey(connectionId, entitySet, id), id, held);
      const books = row.lb_quickbooksid;
      if (typeof books === 'string' && books) await ids.noteWritten(stateKey(connectionId, entitySet, books), id, held);
    }
  }

  return {
    async add(page) {
      if (page.rows.length === 0 && page.deleted.length === 0) return;
      const before = held;
      held = page;
      if (before) await store.transaction((tx) => put(tx, before));
    },
    async finish(moves) {
      const last = held;
      held = undefined;
      if (!last && moves.length === 0) return;
      await store.transaction(async (tx) => {
        if (last) await put(tx, last);
        for (const m of moves)
          await tx.cursors.put(connectionId, { objectType: m.table, fromModified: m.deltaLink, boundary: [] });
      });
    },
  };
}
