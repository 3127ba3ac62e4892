/**
 * @module
 * Rows by the values of a set of columns (an alternate key), so finding a row by its key or
 * checking that a key is free scans no table: each set of columns asked for is indexed on first
 * use and kept as rows change. Values compare as Dataverse's collation does (case-insensitive); a
 * lookup compares by the id it holds.
 */
import type { Row, Value } from './store.ts';

export interface KeyIndex {
  /** The rows of `table` whose columns hold these values. */
  find(table: string, values: Readonly<Record<string, Value>>): Row[];
  /** A row of `table` changed from `before` to `after` (one of them absent: created, or deleted). */
  replace(table: string, id: string, before: Row | undefined, after: Row | undefined): void;
}

interface Index {
  readonly columns: readonly string[];
  /** Value text → the rows holding it, by id. */
  readonly rows: Map<string, Map<string, Row>>;
}

const text = (v: Value | undefined) => (v !== null && typeof v === 'object' ? v.id : String(v ?? '')).toLowerCase();
const entryOf = (columns: readonly string[], row: Readonly<Record<string, Value>>) =>
  JSON.stringify(columns.map((c) => text(row[c])));

function add(index: Index, id: string, row: Row): void {
  const k = entryOf(index.columns, row);
  let m = index.rows.get(k);
  if (!m) index.rows.set(k, (m = new Map()));
  m.set(id, row);
}

/** @example const keys = createKeyIndex((t) => rowsOf(t).entries()); keys.find('account', { accountnumber: 'A-1' }) */
export function createKeyIndex(entriesOf: (table: string) => Iterable<[string, Row]>): KeyIndex {
  /** Per table, per set of columns (sorted, joined). */
  const indexes = new Map<string, Map<string, Index>>();
  return {
    find(table, values) {
      const columns = Object.keys(values).sort();
      let perTable = indexes.get(table);
      if (!perTable) indexes.set(table, (perTable = new Map()));
      let index = perTable.get(columns.join(','));
      if (!index) {
        index = { columns, rows: new Map() };
        for (const [id, row] of entriesOf(table)) add(index, id, row);
        perTable.set(columns.join(','), index);
      }
      return [...(index.rows.get(entryOf(columns, values))?.values() ?? [])];
    },
    replace(table, id, before, after) {
      for (const index of indexes.get(table)?.values() ?? []) {
        if (before) index.rows.get(entryOf(index.columns, before))?.delete(id);
        if (after) add(index, id, after);
      }
    },
  };
}
