/**
 * @module
 * `$expand`, one level deep: a single-valued lookup (`primarycontactid($select=fullname)`) becomes
 * the related row or null; a collection-valued navigation property (`order_details($select=…;
 * $filter=…;$orderby=…)`) the related rows. Unknown names are refused as Dataverse refuses them.
 */
import { noSuchProperty } from './errors.ts';
import { matches, parseFilter, parseOrderBy, parseSelect, sortRows, type ExpandItem } from './query.ts';
import { navigationProperties, type Table } from './schema.ts';
import type { Env, LookupValue, Row } from './store.ts';
import { formatRow } from './values.ts';

export function expand(
  env: Env,
  t: Table,
  row: Row,
  items: readonly ExpandItem[],
  annotate: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const navs = navigationProperties(t);
  for (const item of items) {
    const single = navs.get(item.name);
    const many = t.collections.get(item.name);
    if (!single && !many) throw noSuchProperty(t.logicalName, item.name);
    const target = env.schema(single ? single.target : many!.table);
    const select = item.options.get('$select');
    const columns = select ? parseSelect(target, select) : undefined;
    if (single) {
      const ref = row[single.column] as LookupValue | null | undefined;
      const hit = ref && ref.table === target.logicalName ? env.table(target.logicalName).get(ref.id) : undefined;
      out[item.name] = hit ? formatRow(target, hit, columns, annotate) : null;
      continue;
    }
    const filter = item.options.get('$filter');
    const f = filter ? parseFilter(target, filter) : undefined;
    const order = item.options.get('$orderby');
    let related = env
      .table(target.logicalName)
      .rows()
      .filter((r) => (r[many!.via] as LookupValue | null)?.id === row[t.primaryId] && (!f || matches(target, f, r)));
    if (order) related = sortRows(target, related, parseOrderBy(target, order));
    out[item.name] = related.map((r) => formatRow(target, r, columns, annotate));
  }
  return out;
}
