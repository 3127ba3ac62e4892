/**
 * @module
 * Addressing one row (use-alternate-key-reference-record.md, reference §3.4): by its GUID,
 * `accounts(00000000-…)`, or by an alternate key, `accounts(lb_quickbooksconnection='acme',lb_quickbooksid='80000001-1')`.
 * Values are quoted (a `'` doubled) and URL-encoded; a value holding a character Dataverse cannot
 * address in a key (`: / < > * % & \ ? +`, define-alternate-keys-entity.md) is refused here with
 * `dyn_bad_key` rather than sent. The same text serves `@odata.bind` references ({@link bind}).
 */
import { err, ok, type Result } from '../../../lib/result.ts';
import { dynError } from './errors.ts';
import type { Key } from './types.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What Dataverse cannot take in an alternate-key value in a URL (define-alternate-keys-entity.md). */
export const UNADDRESSABLE = /[:/<>*%&\\?+]/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `s` is a GUID (a row's primary id). @example isGuid('aed2ae8b-3c94-ed11-aad1-000d3a9933c9') // true */
export const isGuid = (s: string): boolean => GUID.test(s);

/**
 * `<entitySet>(<key>)`, encoded for a URL, or why the key cannot be addressed.
 * @example rowPath('accounts', { lb_quickbooksconnection: 'acme', lb_quickbooksid: '80000001-1' })
 * // ok("accounts(lb_quickbooksconnection='acme',lb_quickbooksid='80000001-1')")
 * @example rowPath('accounts', { lb_quickbooksid: 'A&B' }) // err(dyn_bad_key)
 */
export function rowPath(entitySet: string, key: Key): Result<string> {
  if (!NAME.test(entitySet)) throw new Error(`Not an entity set name: ${entitySet}`);
  if (typeof key === 'string') {
    return isGuid(key)
      ? ok(`${entitySet}(${key.toLowerCase()})`)
      : err(
          dynError('dyn_bad_key', undefined, `(${JSON.stringify(key)} is not a GUID; give an alternate key instead)`),
        );
  }
  const parts: string[] = [];
  for (const [column, value] of Object.entries(key)) {
    if (!NAME.test(column)) throw new Error(`Not a column name: ${column}`);
    const bad = UNADDRESSABLE.exec(value);
    if (bad) return err(dynError('dyn_bad_key', undefined, `(${column} ${JSON.stringify(value)} holds "${bad[0]}")`));
    if (value === '') return err(dynError('dyn_bad_key', undefined, `(${column} is empty)`));
    parts.push(`${column}='${encodeURIComponent(value.replace(/'/g, "''"))}'`);
  }
  if (parts.length === 0) throw new Error('An alternate key needs at least one column');
  return ok(`${entitySet}(${parts.join(',')})`);
}

/**
 * The value of a `<navigation>@odata.bind` property: `/accounts(<key>)`.
 * @example bind('accounts', '00000000-0000-0000-0000-000000000001') // ok('/accounts(00000000-0000-0000-0000-000000000001)')
 */
export function bind(entitySet: string, key: Key): Result<string> {
  const path = rowPath(entitySet, key);
  return path.ok ? ok(`/${path.value}`) : path;
}

/**
 * The GUID in an `OData-EntityId` / `Location` URL, when the URL names the row by id.
 * @example idInEntityUrl('https://x/api/data/v9.2/tasks(aed2ae8b-3c94-ed11-aad1-000d3a9933c9)') // 'aed2ae8b-3c94-ed11-aad1-000d3a9933c9'
 */
export function idInEntityUrl(url: string | null | undefined): string | undefined {
  const inner = url ? /\(([^()]*)\)\s*$/.exec(url)?.[1] : undefined;
  return inner && isGuid(inner) ? inner.toLowerCase() : undefined;
}
