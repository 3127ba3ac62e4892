/**
 * @module
 * Writes: create (`POST` to the resource), update (`POST /{id}` with the record's current
 * `revisionNumber`; QuickBooks' 3200 for a stale one is `cdt_stale_revision`), void
 * (`POST /{id}/void`) and delete (`DELETE /{id}`, transactions only). None is sent twice on an
 * ambiguous failure (`transport.ts`): QuickBooks may have carried it out.
 */
import type { Result } from '../../../lib/result.ts';
import { readDeleted, readRecord } from './pages.ts';
import { QBD, recordPath } from './reads.ts';
import type { Send } from './transport.ts';
import type { ConductorJson, ConductorResource, Deleted, TransactionResource, VoidableResource } from './types.ts';

/** @example const acme = await create(send, 'customers', { name: 'Acme', creditLimit: '5000.00' }); */
export async function create(
  send: Send,
  resource: ConductorResource,
  body: ConductorJson,
): Promise<Result<ConductorJson>> {
  const r = await send({ method: 'POST', path: `${QBD}/${resource}`, body });
  return r.ok ? readRecord(r.value.text) : r;
}

/** @example await update(send, 'customers', acme.id, { revisionNumber: acme.revisionNumber, companyName: 'Acme Ltd' }); */
export async function update(
  send: Send,
  resource: ConductorResource,
  id: string,
  body: ConductorJson,
): Promise<Result<ConductorJson>> {
  if (typeof body.revisionNumber !== 'string' || body.revisionNumber === '')
    throw new TypeError(`update ${resource}/${id}: the body must carry the record's current revisionNumber`);
  const r = await send({ method: 'POST', path: recordPath(resource, id), body });
  return r.ok ? readRecord(r.value.text) : r;
}

/** @example const voided = await voidTransaction(send, 'invoices', '123ABC-1234567890'); */
export async function voidTransaction(
  send: Send,
  resource: VoidableResource,
  id: string,
): Promise<Result<ConductorJson>> {
  const r = await send({ method: 'POST', path: `${recordPath(resource, id)}/void` });
  return r.ok ? readRecord(r.value.text) : r;
}

/** @example await deleteTransaction(send, 'receive-payments', '123ABC-1234567890'); // ok({ id, objectType, deleted: true }) */
export async function deleteTransaction(
  send: Send,
  resource: TransactionResource,
  id: string,
): Promise<Result<Deleted>> {
  const r = await send({ method: 'DELETE', path: recordPath(resource, id) });
  return r.ok ? readDeleted(r.value.text) : r;
}
