/**
 * @module
 * QuickBooks Online for reconciliation: a company's customers (inactive ones too), invoices and
 * payments read now through its API, in query pages of 1,000 (a company of 10,000 invoices costs
 * about a dozen calls of its 500 a minute), validated as Intuit sends them and reduced to the
 * figures reconciliation compares; and a repair's records noted as changed, so the feed's next
 * round fetches them by id as it fetches what webhooks name.
 */
import { err, ok, type Result } from '../../lib/result.ts';
import type { Book, BookEntry } from '../../reconcile/book.ts';
import type { Reread } from '../registry.ts';
import type { Db } from '../../store/db.ts';
import type { QboClient } from './api/types.ts';
import { given, money } from './mapping/context.ts';
import { QboCustomer } from './mapping/payloads.ts';
import { QboInvoice, QboPayment } from './mapping/txn-payloads.ts';
import { qboChangesRepo } from './store/changes.ts';

const READS = [
  {
    entity: 'Customer',
    figures: (row: unknown): BookEntry | string => {
      const c = QboCustomer.safeParse(row);
      if (!c.success) return c.error.issues[0]?.message ?? 'not a customer';
      return {
        object: 'customer',
        key: c.data.Id,
        label: given(c.data.FullyQualifiedName) ?? c.data.DisplayName,
        ...(c.data.SyncToken ? { version: c.data.SyncToken } : {}),
        active: c.data.Active !== false,
      };
    },
  },
  {
    entity: 'Invoice',
    figures: (row: unknown): BookEntry | string => {
      const i = QboInvoice.safeParse(row);
      if (!i.success) return i.error.issues[0]?.message ?? 'not an invoice';
      return {
        object: 'invoice',
        key: i.data.Id,
        label: given(i.data.DocNumber) ?? i.data.Id,
        ...(i.data.SyncToken ? { version: i.data.SyncToken } : {}),
        customerKey: i.data.CustomerRef.value,
        date: i.data.TxnDate,
        ...(i.data.DueDate ? { dueDate: i.data.DueDate } : {}),
        amount: money(i.data.TotalAmt),
        balance: money(i.data.Balance),
      };
    },
  },
  {
    entity: 'Payment',
    figures: (row: unknown): BookEntry | string => {
      const p = QboPayment.safeParse(row);
      if (!p.success) return p.error.issues[0]?.message ?? 'not a payment';
      return {
        object: 'payment',
        key: p.data.Id,
        label: given(p.data.PaymentRefNum) ?? p.data.Id,
        ...(p.data.SyncToken ? { version: p.data.SyncToken } : {}),
        customerKey: p.data.CustomerRef.value,
        date: p.data.TxnDate,
        amount: money(p.data.TotalAmt),
      };
    },
  },
] as const;

/** @example const book = await readQboFigures(client); */
export async function readQboFigures(client: QboClient): Promise<Result<Book, { code: string; message: string }>> {
  const entries: BookEntry[] = [];
  let calls = 0;
  for (const read of READS) {
    for await (const page of client.query(read.entity, { includeInactive: read.entity === 'Customer' })) {
      calls++;
      if (!page.ok) return err(page.error);
      for (const row of page.value) {
        const e = read.figures(row);
        if (typeof e === 'string')
          return err({
            code: 'qbo_bad_response',
            message: `A ${read.entity} QuickBooks Online sent does not read: ${e}.`,
          });
        entries.push(e);
      }
    }
  }
  return ok({ entries, calls });
}

const ENTITY = { customer: 'Customer', invoice: 'Invoice', payment: 'Payment' } as const;

/** A repair's records, noted as changed: the feed's next round fetches them by id. */
export async function rereadQbo(
  db: Db,
  now: () => number,
  connectionId: string,
  records: readonly Reread[],
  reconciliationId: string,
): Promise<void> {
  await qboChangesRepo(db, now).note(
    records.map((r) => ({
      connectionId,
      entity: ENTITY[r.object],
      entityId: r.key,
      operation: 'Update',
      changedAt: null,
      eventKey: `reconcile:${reconciliationId}:${ENTITY[r.object]}:${r.key}`,
    })),
  );
}
