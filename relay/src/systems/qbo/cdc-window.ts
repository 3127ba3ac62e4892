/**
 * @module
 * Reading one Change Data Capture window whole, however many changes it holds. Intuit answers at
 * most 1,000 objects a call and only says "changed since" (reference §2.4), so a full answer
 * ({@link CdcResult.full}) is never used as it is: the entity list is asked for again in halves,
 * and an entity still full alone is read by a paged query instead (`where MetaData.LastUpdatedTime
 * >= '<since>' orderby MetaData.LastUpdatedTime`, 1,000 a page, each from the newest change the
 * page before held, inactive name-list records too),
 * keeping the deleted entries that full answer did hold. A query never returns a deleted record
 * and the full answer may have left some out, so the entity is then swept: every record it has
 * now, read by query pages, against the ids the relay mirrors ({@link KnownIds}); a mirrored id
 * QuickBooks no longer has is handed on as Intuit's deleted entry. Each record is handed on once,
 * entity by entity in the order asked (parents before children). The window's end is the earliest
 * server `time` of the answers used: every change before it has been read.
 */
import { ok, type Result } from '../../lib/result.ts';
import { isNameList, quote } from './api/sql.ts';
import type { QboClient, QboJson } from './api/types.ts';

export interface CdcWindowRead {
  /** The earliest server time of the answers used (`since` when none gave one): read up to there. */
  readonly until: string;
  /** Calls made: CDC answers, and query pages of entities too busy for CDC. */
  readonly calls: { readonly cdc: number; readonly query: number };
  /** Entities read by query because CDC alone could not hold their changes. */
  readonly queried: readonly string[];
}

/** Receives one entity's records (never empty), in the order they were read. */
export type PutRecords = (entity: string, records: readonly QboJson[]) => Promise<void>;
/** The ids of an entity's records the relay mirrors (to find the ones deleted since). */
export type KnownIds = (entity: string) => Promise<readonly string[]>;

const isDeleted = (r: QboJson) => r.status === 'Deleted';
/** Records a query page holds at most (Intuit's MAXRESULTS ceiling). */
const QUERY_PAGE = 1000;
/** When a record last changed, as Intuit wrote it. */
const lastUpdated = (r: QboJson | undefined): string | undefined => {
  const t = (r?.MetaData as QboJson | undefined)?.LastUpdatedTime;
  return typeof t === 'string' ? t : undefined;
};

/**
 * @example
 * const read = await readCdcWindow(client, ['Customer', 'Invoice'], '2026-11-01T00:00:00Z', store, known);
 * if (read.ok) next = read.value.until;
 */
export async function readCdcWindow(
  client: QboClient,
  entities: readonly string[],
  since: string,
  put: PutRecords,
  known: KnownIds = async () => [],
): Promise<Result<CdcWindowRead>> {
  const calls = { cdc: 0, query: 0 };
  const queried: string[] = [];
  let earliest: { ms: number; text: string } | undefined;
  let untimed = false;
  /** An answer's server time; one without a time leaves the window where it began. */
  const note = (time: string) => {
    const ms = Date.parse(time);
    if (Number.isNaN(ms)) untimed = true;
    else if (!earliest || ms < earliest.ms) earliest = { ms, text: time };
  };

  const handOn = async (entity: string, records: readonly QboJson[]) => {
    if (records.length > 0) await put(entity, records);
  };

  /**
   * Every live record of `entity` changed since `since`, by query pages; each once. A full page
   * goes on from the newest change it held (`>=`: that instant's others come again, and are
   * skipped), not from a position: a record edited meanwhile moves to the end instead of shifting
   * one past the next page. A page all of one instant goes on by position.
   */
  async function byQuery(entity: string): Promise<Result<void>> {
    queried.push(entity);
    const seen = new Set<unknown>();
    let from = since;
    for (let again = true; again;) {
      again = false;
      const pages = client.query(entity, {
        // Intuit writes instants with an offset (`…-07:00`); `Z` is written as `+00:00` the same way.
        where: `MetaData.LastUpdatedTime >= ${quote(from.replace(/Z$/, '+00:00'))}`,
        orderBy: 'MetaData.LastUpdatedTime',
        pageSize: QUERY_PAGE,
        includeInactive: isNameList(entity),
      });
      for await (const page of pages) {
        calls.query++;
        if (!page.ok) return page;
        const fresh = page.value.filter((r) => !seen.has(r.Id));
        for (const r of fresh) seen.add(r.Id);
        await handOn(entity, fresh);
        const newest = lastUpdated(page.value.at(-1));
        if (page.value.length === QUERY_PAGE && newest && newest !== from) {
          from = newest;
          again = true;
          break;
        }
      }
    }
    return ok(undefined);
  }

  /** The mirrored records of `entity` QuickBooks no longer has, as Intuit's deleted entries at `time`. */
  async function sweep(entity: string, time: string, told: ReadonlySet<unknown>): Promise<Result<void>> {
    const mirrored = (await known(entity)).filter((id) => !told.has(id));
    if (mirrored.length === 0) return ok(undefined);
    const live = new Set<unknown>();
    for await (const page of client.query(entity, { pageSize: QUERY_PAGE, includeInactive: isNameList(entity) })) {
      calls.query++;
      if (!page.ok) return page;
      for (const r of page.value) live.add(r.Id);
    }
    const gone = mirrored.filter((id) => !live.has(id));
    await handOn(
      entity,
      gone.map((Id) => ({ Id, status: 'Deleted', domain: 'QBO', MetaData: { LastUpdatedTime: time } })),
    );
    return ok(undefined);
  }

  async function window(list: readonly string[]): Promise<Result<void>> {
    const answer = await client.cdc(list, since);
    calls.cdc++;
    if (!answer.ok) return answer;
    note(answer.value.time);
    if (!answer.value.full) {
      for (const entity of list) await handOn(entity, answer.value.byEntity[entity] ?? []);
      return ok(undefined);
    }
    if (list.length > 1) {
      const half = Math.ceil(list.length / 2);
      const head = await window(list.slice(0, half));
      return head.ok ? window(list.slice(half)) : head;
    }
    const entity = list[0]!;
    const live = await byQuery(entity);
    if (!live.ok) return live;
    const deleted = (answer.value.byEntity[entity] ?? []).filter(isDeleted);
    await handOn(entity, deleted);
    return sweep(entity, answer.value.time, new Set(deleted.map((r) => r.Id)));
  }

  const read = await window(entities);
  if (!read.ok) return read;
  return ok({ until: untimed || !earliest ? since : earliest.text, calls, queried });
}
