/**
 * @module
 * The query-language text the client sends (reference §2.3): `select * | count(*) from <Entity>
 * [where a AND b] orderby Id startposition S maxresults M`, with no OR, `Id` only with `=` or `IN`,
 * `'` escaped as `\'`. Name lists leave inactive records out unless the query names `Active`, hence
 * `Active IN (true,false)` when they are wanted.
 */

/** Intuit's cap on MAXRESULTS. */
export const MAX_PAGE = 1000;

/** The name lists (inactive records hidden from queries unless asked for); transactions have no `Active`. */
const NAME_LISTS = new Set(
  ['Customer', 'Vendor', 'Employee', 'Item', 'Account', 'Class', 'Department', 'Term', 'PaymentMethod', 'TaxCode'].map(
    (n) => n.toLowerCase(),
  ),
);

export const isNameList = (entity: string): boolean => NAME_LISTS.has(entity.toLowerCase());

/** A string literal: `'O\'Brien'`. */
export const quote = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function whereClause(entity: string, where: string | undefined, includeInactive: boolean): string {
  const parts = [includeInactive && isNameList(entity) ? 'Active IN (true,false)' : '', where?.trim() ?? ''];
  const all = parts.filter(Boolean);
  return all.length ? ` where ${all.join(' AND ')}` : '';
}

/**
 * One page of `select *`.
 * @example selectPage('Customer', { start: 1001, size: 1000 }) // "select * from Customer orderby Id startposition 1001 maxresults 1000"
 */
export function selectPage(
  entity: string,
  page: { start: number; size: number },
  opts: { where?: string; orderBy?: string; includeInactive?: boolean } = {},
): string {
  const clause = whereClause(entity, opts.where, opts.includeInactive ?? false);
  return `select * from ${entity}${clause} orderby ${opts.orderBy ?? 'Id'} startposition ${page.start} maxresults ${page.size}`;
}

/** `select count(*) from <Entity> [where …]`. */
export const selectCount = (entity: string, where?: string): string =>
  `select count(*) from ${entity}${whereClause(entity, where, false)}`;

/**
 * `select * from <Entity> where Id in (…)` with inactive name-list records too.
 * @example selectIds('Customer', ['1', '2']) // "select * from Customer where Active IN (true,false) AND Id in ('1','2') orderby Id startposition 1 maxresults 1000"
 */
export const selectIds = (entity: string, ids: readonly string[]): string =>
  selectPage(
    entity,
    { start: 1, size: MAX_PAGE },
    { where: `Id in (${ids.map(quote).join(',')})`, includeInactive: true },
  );
