/**
 * @module
 * QuickBooks customers and vendors → accounts, their contact person → a contact under the account,
 * set as its primary contact (account.md, contact.md). The relationship type says which it is
 * (`customertypecode` 3 Customer, 11 Vendor). An inactive record deactivates its account
 * (statecode 1 Inactive, statuscode 2); nothing is deleted. The account is written first, then
 * the contact bound to it, then the account's primary contact bound to the contact (each needs the
 * other to exist). The contact has the same QuickBooks key as its account: it mirrors that
 * customer's (or vendor's) person, and the two tables' keys are separate.
 */
import { ok, type Result } from '../../../lib/result.ts';
import type { Customer, Person, Vendor } from '../../../sync/model.ts';
import type { DynamicsMappingContext } from './context.ts';
import { addressColumns, bind, linkColumns, type DataverseWrite, type RowAddress } from './writes.ts';

/** `account.customertypecode` (account.md: Relationship Type). */
export const RELATIONSHIP = { customer: 3, vendor: 11 } as const;

const ACTIVE = { statecode: 0, statuscode: 1 } as const;
const INACTIVE = { statecode: 1, statuscode: 2 } as const;

function contactWrite(
  person: Person,
  parent: RowAddress,
  link: Record<string, unknown>,
  isActive: boolean,
  source: DataverseWrite['source'],
): DataverseWrite {
  return {
    table: 'contact',
    address: parent,
    row: {
      ...link,
      firstname: person.firstName ?? null,
      lastname: person.lastName,
      emailaddress1: person.email ?? null,
      telephone1: person.phone ?? null,
      jobtitle: person.title ?? null,
      'parentcustomerid_account@odata.bind': bind('account', parent),
    },
    state: isActive ? ACTIVE : INACTIVE,
    source,
  };
}

/**
 * @example partyWrites(customer, ctx) // ok([account, contact, account's primary contact])
 */
export function partyWrites(record: Customer | Vendor, ctx: DynamicsMappingContext): Result<DataverseWrite[]> {
  const link = linkColumns(ctx.connection, record.id);
  if (!link.ok) return link;
  const address: RowAddress = { connection: ctx.connection, quickbooksId: record.id };
  const source = { type: record.type, id: record.id };
  const currency = record.currency ? ctx.currencyIds?.[record.currency] : undefined;
  const account: DataverseWrite = {
    table: 'account',
    address,
    row: {
      ...link.value,
      // A job's name alone repeats across customers; its full name (`Parent:Job`) does not.
      name: record.type === 'customer' ? record.fullName : record.name,
      customertypecode: RELATIONSHIP[record.type],
      ...addressColumns(record.type === 'customer' ? record.billing : record.address),
      telephone1: record.phone ?? null,
      emailaddress1: record.email ?? null,
      ...(currency ? { 'transactioncurrencyid@odata.bind': `/transactioncurrencies(${currency})` } : {}),
    },
    state: record.isActive ? ACTIVE : INACTIVE,
    source,
  };
  if (!record.contact) return ok([account]);
  return ok([
    account,
    contactWrite(record.contact, address, link.value, record.isActive, source),
    { table: 'account', address, row: { 'primarycontactid@odata.bind': bind('contact', address) }, source },
  ]);
}
