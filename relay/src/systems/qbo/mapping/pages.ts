/**
 * @module
 * The inbox payload of QuickBooks Online: one page of one entity's records as Intuit sent them
 * (a query page, a CDC group, records read by Id), stored as JSON text whose amounts are exact
 * decimal strings (`api/json.ts`). Decoding maps each record (`to-canonical.ts`): a record that
 * cannot be read is a failure of its own and the rest of the page is used; a page that cannot be
 * read at all is refused whole, with the reason in words.
 */
import { z } from 'zod';
import type { QboJson } from '../api/types.ts';
import { parseExactJson } from '../api/json.ts';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import type { SourceFailure } from '../../../sync/adapters.ts';
import type { CanonicalRecord, Deletion } from '../../../sync/model.ts';
import { recordTypeOf, toCanonical, type QboMappingContext } from './to-canonical.ts';

export interface QboPage {
  /** Intuit's entity name (`Customer`, `Invoice`). */
  readonly entity: string;
  readonly records: readonly QboJson[];
}

const Page = z.object({ entity: z.string().min(1), records: z.array(z.unknown()) });

/** @example encodePage({ entity: 'Customer', records: [customer] }) */
export const encodePage = (page: QboPage): string => JSON.stringify({ entity: page.entity, records: page.records });

const unreadable = (detail: string) =>
  err(relayError('qbo_unreadable_page', `Ledgerbridge could not read a page of QuickBooks Online records: ${detail}`));

/**
 * @example decodePage(encodePage(page), { homeCurrency: 'USD' }) // ok({ records: [...], failures: [] })
 */
export function decodePage(
  text: string,
  ctx: QboMappingContext,
): Result<{ records: (CanonicalRecord | Deletion)[]; failures: SourceFailure[] }> {
  let json: unknown;
  try {
    json = parseExactJson(text);
  } catch (e) {
    return unreadable(`it is not JSON (${(e as Error).message}).`);
  }
  const page = Page.safeParse(json);
  if (!page.success) return unreadable('it names no entity and holds no list of records.');
  const { entity, records: raw } = page.data;
  const records: (CanonicalRecord | Deletion)[] = [];
  const failures: SourceFailure[] = [];
  raw.forEach((json, n) => {
    const mapped = toCanonical(entity, json, ctx);
    if (mapped.ok) {
      if (mapped.value) records.push(mapped.value);
      return;
    }
    const id = (json as { Id?: unknown } | null)?.Id;
    failures.push({
      sourceType: recordTypeOf(entity) ?? entity,
      sourceId: typeof id === 'string' && id ? id : `${entity} #${n + 1}`,
      error: mapped.error,
    });
  });
  return ok({ records, failures });
}
