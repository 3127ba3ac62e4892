/**
 * @module
 * A won deal's invoice through Conductor, as the Web Connector path writes one: added, never
 * changed (once in QuickBooks it is the bookkeeper's). A linked invoice is retrieved (gone →
 * `cdt_record_gone`) and left as it is. An unlinked one names its customer and items by the ids
 * the store has for them (none → a failure in words) and is looked for first among its
 * customer's invoices of its date by our GUID (`externalId`, which Conductor's create takes and
 * every invoice read carries, but no list filters by): an invoice added before an answer was lost
 * (a timeout, a relay stopped mid-call) is found and linked, not added twice.
 */
import type { InvoiceWriteFields } from '../../../lib/qb-writes.ts';
import type { TargetWrite, WriteOutcome } from '../../../sync/adapters.ts';
import { conductorGuid, invoiceBody } from './bodies.ts';
import { listAll } from './calls.ts';
import { callFailed, customerMissing, itemMissing, recordGone } from './failures.ts';
import { describe, done, type SendDeps } from './outcomes.ts';

/** @example await sendInvoice(deps, write) */
export async function sendInvoice(d: SendDeps, w: TargetWrite): Promise<WriteOutcome> {
  const what = describe(w);
  const f = w.fields as unknown as InvoiceWriteFields;
  const linked = await d.references.linked(w);
  if (linked) {
    const r = await d.client.retrieve('invoices', linked.id);
    if (r.ok) return done(r.value, false);
    return {
      ok: false,
      error: r.error.code === 'cdt_not_found' ? recordGone(what, linked.id) : callFailed(what, r.error),
    };
  }
  const customerId = await d.references.resolve('customer', f.customer);
  if (!customerId) return { ok: false, error: customerMissing };
  const itemIds: string[] = [];
  const missing: string[] = [];
  for (const l of f.lines) {
    const id = l.item ? await d.references.resolve('item', l.item) : undefined;
    if (id) itemIds.push(id);
    else missing.push(l.description ?? l.item ?? 'no product');
  }
  if (missing.length) return { ok: false, error: itemMissing(missing) };
  const guid = conductorGuid(f.externalGuid);
  const same = await listAll(d.client, 'invoices', {
    customerIds: [customerId],
    transactionDateFrom: f.txnDate,
    transactionDateTo: f.txnDate,
  });
  if (!same.ok) return { ok: false, error: callFailed(what, same.error) };
  const ours = same.value.find((inv) => typeof inv.externalId === 'string' && conductorGuid(inv.externalId) === guid);
  if (ours) return done(ours, false);
  const r = await d.client.create('invoices', invoiceBody(f, customerId, itemIds));
  return r.ok ? done(r.value, true) : { ok: false, error: callFailed(what, r.error) };
}
