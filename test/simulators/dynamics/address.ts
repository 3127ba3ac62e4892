/**
 * @module
 * Addressing one row: `accounts(<guid>)`, or by alternate key
 * `accounts(lb_quickbooksconnection='acme',lb_quickbooksid='80000001-1')` (use-alternate-key-reference-record.md),
 * in a URL or an `@odata.bind` value (`/accounts(…)`, absolute, or a change set's `$1`). A key must be
 * one the table defines, with all its columns; a key value containing `/ < > * % & : \ ? +` is refused
 * before it reaches Dataverse, as the front end refuses such a path (define-alternate-keys-entity.md).
 */
import { badQuery, DataverseError, invalidKey, noSuchResource } from './errors.ts';
import type { Table } from './schema.ts';
import type { Env, Row } from './store.ts';

export type Address =
  | { readonly table: Table; readonly id: string }
  | { readonly table: Table; readonly key: Readonly<Record<string, string>> };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORBIDDEN = /[/<>*%&:\\?+]/;

export const isGuid = (s: string): boolean => GUID.test(s);

/** `accounts(…)` → its table and id or key; the part inside the parentheses comes decoded. */
export function parseAddress(env: Env, set: string, inner: string): Address {
  const table = env.bySet(set);
  if (!table) throw noSuchResource(set);
  if (isGuid(inner)) return { table, id: inner.toLowerCase() };
  const key: Record<string, string> = {};
  for (const part of splitKey(inner)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:'((?:[^']|'')*)'|([^,']+))\s*$/.exec(part);
    if (!m) throw badQuery(`Bad Request - Error in query syntax.`);
    const value = m[2] !== undefined ? m[2].replace(/''/g, "'") : (m[3] ?? '').trim();
    if (FORBIDDEN.test(value)) {
      const ch = FORBIDDEN.exec(value)![0];
      throw new DataverseError(
        400,
        '',
        `A potentially dangerous Request.Path value was detected from the client (${ch}).`,
        {
          'content-type': 'text/html',
        },
      );
    }
    key[m[1]!] = value;
  }
  const names = Object.keys(key).sort();
  const matches = table.keys.some(
    (k) => k.keyAttributes.length === names.length && [...k.keyAttributes].sort().every((a, i) => a === names[i]),
  );
  if (!matches) throw invalidKey(table.logicalName);
  return { table, key };
}

function splitKey(inner: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of inner) {
    if (ch === "'") quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** The row an address names, if any. Key values compare as Dataverse's collation does (case-insensitive). */
export function findRow(env: Env, a: Address): Row | undefined {
  const data = env.table(a.table.logicalName);
  if ('id' in a) return data.get(a.id);
  return data.byKey(a.key)[0];
}

/** `/accounts(…)`, `accounts(…)` or an absolute `…/api/data/v9.2/accounts(…)` (decoded) → address. */
export function parseReference(env: Env, ref: string): Address {
  const path = ref.replace(/^https?:\/\/[^/]+/, '').replace(/^\/?(api\/data\/v9\.\d\/)?/, '');
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/.exec(path);
  if (!m) throw badQuery(`The URI '${ref}' is not valid for the entity reference.`);
  return parseAddress(env, m[1]!, m[2]!);
}
