/**
 * @module
 * Readers for the pieces every `*Ret` shares: text, booleans, references, addresses, custom fields,
 * linked transactions and the identity of list elements and transactions. Identity is strict
 * ({@link IdentityError}); everything else is lenient and reads `undefined` when absent.
 */
import { withoutUndefined } from '../../../lib/objects.ts';
import { child, childrenNamed, textOf, type El } from './xml-tree.ts';
import type { Address, DataExt, LinkedTxn, PlainXml, Ref } from './record-types.ts';

/** A record whose identity (ListID/TxnID/EditSequence) is missing or malformed. */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';
}

const ID = /^[\x21-\x7e]{1,36}$/;
const EDIT_SEQUENCE = /^[\x21-\x7e]{1,16}$/;

export function identity(el: El, field: 'ListID' | 'TxnID' | 'EditSequence', where: string): string {
  const value = textOf(el, field);
  const pattern = field === 'EditSequence' ? EDIT_SEQUENCE : ID;
  if (value === undefined || !pattern.test(value)) {
    throw new IdentityError(
      `${where} has ${value === undefined ? 'no' : `an invalid ${JSON.stringify(value)}`} ${field}.`,
    );
  }
  return value;
}

export function str(el: El, name: string): string | undefined {
  return textOf(el, name);
}

export function bool(el: El, name: string): boolean | undefined {
  const v = textOf(el, name);
  if (v === undefined) return undefined;
  const lower = v.toLowerCase();
  return lower === 'true' || lower === '1' ? true : lower === 'false' || lower === '0' ? false : undefined;
}

export function int(el: El, name: string): number | undefined {
  const v = textOf(el, name);
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

export function ref(el: El, name: string): Ref | undefined {
  const r = child(el, name);
  if (r === undefined) return undefined;
  const listId = textOf(r, 'ListID');
  const fullName = textOf(r, 'FullName');
  if (listId === undefined && fullName === undefined) return undefined;
  return withoutUndefined({ listId, fullName });
}

const ADDRESS_FIELDS = [
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
] as const;

export function address(el: El, name: string): Address | undefined {
  const a = child(el, name);
  if (a === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [key, tag] of ADDRESS_FIELDS) {
    const v = textOf(a, tag);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

export function dataExt(el: El): DataExt[] | undefined {
  const list = childrenNamed(el, 'DataExtRet');
  if (list.length === 0) return undefined;
  return list.map((d) =>
    withoutUndefined({
      ownerId: str(d, 'OwnerID'),
      name: str(d, 'DataExtName') ?? '',
      type: str(d, 'DataExtType'),
      value: str(d, 'DataExtValue') ?? '',
    }),
  );
}

export function linkedTxns(el: El): LinkedTxn[] {
  return childrenNamed(el, 'LinkedTxn').map((l) =>
    withoutUndefined({
      txnId: str(l, 'TxnID') ?? '',
      txnType: str(l, 'TxnType') ?? '',
      txnDate: str(l, 'TxnDate'),
      refNumber: str(l, 'RefNumber'),
      linkType: str(l, 'LinkType'),
      amount: str(l, 'Amount'),
    }),
  );
}

/** Element content as plain nested objects, for Rets without a typed shape. */
export function toPlain(el: El): PlainXml {
  const out: Record<string, string | PlainXml | (string | PlainXml)[]> = {};
  for (const c of el.children) {
    const value: string | PlainXml = c.children.length === 0 ? c.text : toPlain(c);
    const prev = out[c.name];
    if (prev === undefined) out[c.name] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[c.name] = [prev, value];
  }
  return out;
}

/** Identity and change stamp every list element carries (ListID and EditSequence are required). */
export function listBase(el: El, where: string) {
  return {
    listId: identity(el, 'ListID', where),
    timeCreated: str(el, 'TimeCreated') ?? '',
    timeModified: str(el, 'TimeModified') ?? '',
    editSequence: identity(el, 'EditSequence', where),
    name: str(el, 'Name') ?? '',
  };
}

export function txnBase(el: El, where: string) {
  return {
    txnId: identity(el, 'TxnID', where),
    timeCreated: str(el, 'TimeCreated') ?? '',
    timeModified: str(el, 'TimeModified') ?? '',
    editSequence: identity(el, 'EditSequence', where),
    txnNumber: str(el, 'TxnNumber'),
    txnDate: str(el, 'TxnDate') ?? '',
    refNumber: str(el, 'RefNumber'),
    externalGuid: str(el, 'ExternalGUID'),
    dataExt: dataExt(el),
  };
}
