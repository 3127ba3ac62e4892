/**
 * @module
 * The inbox payload of a Dynamics read, the one format the feed stores and the source decodes:
 * JSON `{ table, rows, deleted }` — the table's logical name (also the inbox row's
 * `requestKind`), its rows exactly as the Web API client read them with the table's `ROW_READS`
 * (decimals as their exact text), and the ids change tracking or a webhook reported deleted, with
 * when. A page's de-duplication key is the hash of its table, rows and deleted ids (not the times):
 * a page read again after a crash, unchanged, is not stored twice.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';

/** The tables whose rows become records (a contact is read as the accounts it is the primary contact of). */
export const PAGE_TABLES = ['account', 'product', 'salesorder'] as const;
export type PageTable = (typeof PAGE_TABLES)[number];

const Page = z.object({
  table: z.enum(PAGE_TABLES),
  rows: z.array(z.record(z.string(), z.unknown())),
  deleted: z.array(z.object({ id: z.string().min(1), deletedAt: z.string().min(1) })),
});
export type Page = z.infer<typeof Page>;

/** @example encodePage({ table: 'account', rows, deleted: [] }) // { payload: '{"table":"account",…}', dedupKey: 'dyn:3f…' } */
export function encodePage(page: Page): { payload: string; dedupKey: string } {
  const content = JSON.stringify([page.table, page.rows, page.deleted.map((d) => d.id)]);
  return { payload: JSON.stringify(page), dedupKey: `dyn:${createHash('sha256').update(content).digest('hex')}` };
}

/** @example decodePage(item.payload) // ok({ table: 'account', rows: [...], deleted: [] }) */
export function decodePage(payload: string): Result<Page> {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return err(relayError('dyn_page_unreadable', 'The stored page of Dynamics 365 rows is not JSON.'));
  }
  const page = Page.safeParse(json);
  if (page.success) return ok(page.data);
  const issue = page.error.issues[0]!;
  return err(
    relayError(
      'dyn_page_unreadable',
      `The stored page of Dynamics 365 rows is not one the relay writes: ${issue.path.join('.') || 'the page'}: ${issue.message}.`,
    ),
  );
}
