/**
 * @module
 * What a batch of writes reads from QuickBooks Online before it writes, in as few calls as fit:
 * records by name (`DisplayName IN (…)` / `Name IN (…)`, inactive ones too — QuickBooks' names are
 * unique without regard to case and count inactive records), so a record that already exists
 * (created before a crash, or by a person) is linked rather than duplicated; and records by Id,
 * for their current SyncToken (and an invoice's line Ids), 1,000 a call.
 */
import { err, ok, type Result } from '../../../lib/result.ts';
import type { QboClient, QboJson } from '../api/types.ts';

/** Characters of names in one query's WHERE clause: a query URL stays well under what gateways take. */
const NAMES_BUDGET = 10_000;
/** Ids in one `select … where Id in (…)`. */
export const IDS_PER_CALL = 1000;
/** Names in one query: its answer fits one page. */
const NAMES_PER_CALL = 1000;

/** A string literal of Intuit's query language (`'` and `\` escaped). */
export const quoted = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** How a name is compared: QuickBooks' names are unique without regard to case or surrounding spaces. */
export const nameKey = (name: string) => name.trim().toLowerCase();

/** Names in chunks that each fit one query. */
function chunksOf(names: readonly string[]): string[][] {
  const out: string[][] = [];
  let chunk: string[] = [];
  let size = 0;
  for (const name of names) {
    const cost = quoted(name).length + 2;
    if (chunk.length && (size + cost > NAMES_BUDGET || chunk.length >= NAMES_PER_CALL)) {
      out.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(name);
    size += cost;
  }
  if (chunk.length) out.push(chunk);
  return out;
}

/**
 * The records of `entity` with these names (by {@link nameKey}; a record of exactly the name asked
 * for is preferred), inactive ones included.
 * @example await byNames(client, 'Customer', 'DisplayName', ['Acme', 'Globex'])
 */
export async function byNames(
  client: QboClient,
  entity: string,
  field: string,
  names: readonly string[],
): Promise<Result<Map<string, QboJson>>> {
  const found = new Map<string, QboJson>();
  const asked = new Set(names);
  for (const chunk of chunksOf([...asked])) {
    const where = `${field} IN (${chunk.map(quoted).join(', ')})`;
    for await (const page of client.query(entity, { where, includeInactive: true })) {
      if (!page.ok) return err(page.error);
      for (const record of page.value) {
        const name = String(record[field] ?? '');
        const key = nameKey(name);
        if (!found.has(key) || asked.has(name)) found.set(key, record);
      }
    }
  }
  return ok(found);
}

/** The records of `entity` with these Ids (those QuickBooks no longer has are absent), by Id. */
export async function byIds(
  client: QboClient,
  entity: string,
  ids: readonly string[],
): Promise<Result<Map<string, QboJson>>> {
  const found = new Map<string, QboJson>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += IDS_PER_CALL) {
    const page = await client.selectByIds(entity, unique.slice(i, i + IDS_PER_CALL));
    if (!page.ok) return err(page.error);
    for (const record of page.value) found.set(String(record.Id), record);
  }
  return ok(found);
}
