/**
 * @module
 * What every Add/Mod handler shares: the {@link Refusal} that carries a QuickBooks status code, the
 * field length limits QuickBooks answers 3070 for, reading leaves (strings, booleans, references,
 * addresses) off a request, resolving references to lists (3140 when they name nothing), the
 * EditSequence check (3200) and the record-not-found answer of a Mod (3120).
 */
import type { Address, Ref } from './records.ts';
import { child, textOf, type El } from './xml.ts';
import { findList, type CompanyState, type OtherLists } from './store.ts';

/** A refusal with a QuickBooks status code. */
export class Refusal extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

const LIMITS: Readonly<Record<string, number>> = {
  Name: 41,
  CompanyName: 41,
  Salutation: 15,
  FirstName: 25,
  MiddleName: 5,
  LastName: 25,
  JobTitle: 41,
  Phone: 21,
  AltPhone: 21,
  Fax: 21,
  Email: 1023,
  Cc: 1023,
  Contact: 41,
  AltContact: 41,
  ContactName: 40,
  ContactValue: 255,
  AccountNumber: 99,
  Notes: 4095,
  JobDesc: 99,
  ResaleNumber: 15,
  NameOnCheck: 41,
  VendorTaxIdent: 15,
  Memo: 4095,
  PONumber: 25,
  Other: 29,
  Desc: 4095,
  Addr1: 41,
  Addr2: 41,
  Addr3: 41,
  Addr4: 41,
  Addr5: 41,
  City: 31,
  State: 21,
  PostalCode: 13,
  Country: 31,
  Note: 41,
};

export function str(el: El, name: string, limit = LIMITS[name]): string | undefined {
  const v = textOf(el, name);
  if (v !== undefined && limit !== undefined && v.length > limit)
    throw new Refusal(3070, `The string "${v}" in the field "${name}" is too long.`);
  return v;
}

/** An xsd:boolean the schema check accepted: true/false/1/0, or empty (not given). */
export function flag(el: El, name: string): boolean | undefined {
  const v = textOf(el, name);
  return v === undefined || v === '' ? undefined : v === 'true' || v === '1';
}

export function refOf(el: El, name: string): Ref | undefined {
  const r = child(el, name);
  if (r === undefined) return undefined;
  const listId = textOf(r, 'ListID');
  const fullName = textOf(r, 'FullName');
  return listId !== undefined ? { listId } : fullName !== undefined ? { fullName } : undefined;
}

export function address(el: El, name: string): Address | undefined {
  const a = child(el, name);
  if (a === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [key, tag] of [
    ['addr1', 'Addr1'],
    ['addr2', 'Addr2'],
    ['addr3', 'Addr3'],
    ['addr4', 'Addr4'],
    ['addr5', 'Addr5'],
    ['city', 'City'],
    ['state', 'State'],
    ['postalCode', 'PostalCode'],
    ['country', 'Country'],
    ['note', 'Note'],
  ] as const) {
    const v = str(a, tag);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

export function defined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** The 3140 answer for a reference that names nothing QuickBooks has (`label` "Customer", `where` "invoice line"). */
export function invalidRef(label: string, ref: Ref, where: string): Refusal {
  return new Refusal(
    3140,
    `There is an invalid reference to QuickBooks ${label} "${ref.fullName ?? ref.listId}" in the ${where}. QuickBooks error message: Invalid argument. The specified record does not exist in the list.`,
  );
}

/** Resolves a reference to a small supporting list (terms, classes, ...) → `{ListID, FullName}` or 3140. */
export function otherRef(
  state: CompanyState,
  list: keyof OtherLists,
  ref: Ref | undefined,
  label: string,
  where: string,
): Ref | undefined {
  if (ref === undefined) return undefined;
  const table = state.other[list];
  for (const [name, id] of table) {
    if (id === ref.listId || (ref.fullName !== undefined && name.toLowerCase() === ref.fullName.toLowerCase()))
      return { listId: id, fullName: name };
  }
  throw invalidRef(label, ref, where);
}

/** Resolves a reference to a customer, vendor, item or account → `{ListID, FullName}` or 3140. */
export function listRef<K extends 'customer' | 'vendor' | 'item' | 'account'>(
  state: CompanyState,
  kind: K,
  ref: Ref | undefined,
  label: string,
  where: string,
): Ref | undefined {
  if (ref === undefined) return undefined;
  const found = findList(state, kind, ref) as { listId: string; name: string; fullName?: string } | undefined;
  if (found === undefined) {
    throw invalidRef(label, ref, where);
  }
  return { listId: found.listId, fullName: found.fullName ?? found.name };
}

/** The Mod's EditSequence must be the record's current one, else 3200. */
export function staleCheck(current: { editSequence: string }, el: El): void {
  const given = textOf(el, 'EditSequence');
  if (given !== current.editSequence) {
    throw new Refusal(3200, `The provided edit sequence "${given ?? ''}" is out-of-date. `);
  }
}

/** The 3120 answer of a Mod whose ListID/TxnID names nothing. */
export function notFound(id: string): Refusal {
  return new Refusal(
    3120,
    `Object "${id}" specified in the request cannot be found.  QuickBooks error message: Invalid argument.  The specified record does not exist in the list.`,
  );
}

/** The next automatic RefNumber. */
export function nextRef(state: CompanyState): string {
  state.refSeq++;
  return String(state.refSeq);
}
