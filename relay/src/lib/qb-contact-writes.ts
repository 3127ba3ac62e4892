/**
 * @module
 * A customer's additional contacts as QuickBooks Desktop takes them (qbXML 13: CustomerAdd's
 * `Contacts`, CustomerMod's `ContactsMod`; Conductor's `additionalContacts`), as pure functions,
 * for the Web Connector and the Conductor paths alike. A contact of the CRM is the one
 * QuickBooks holds under the same first and last name (compared without regard to case): a Mod
 * changes that one, by its ListID and EditSequence, only where it differs, and adds the others. A
 * contact the CRM no longer has stays in QuickBooks (qbXML 13 cannot delete one; deletions never
 * delete). A contact's email and phone are not sent: qbXML names its AdditionalContactRef entries
 * freely, and no name for a contact's email or phone is documented.
 */
import type { Person } from '../sync/model.ts';
import { withoutUndefined } from './objects.ts';

/** An additional contact as a write sets it (qbXML's Contacts, Conductor's `additionalContacts`). */
export interface ContactFields {
  readonly salutation?: string;
  readonly firstName: string;
  readonly middleName?: string;
  readonly lastName?: string;
  readonly jobTitle?: string;
}

/** A change of the customer's contacts: the contact QuickBooks holds (its id and revision), or neither for a new one. */
export interface ContactMod extends ContactFields {
  readonly listId?: string;
  readonly editSequence?: string;
}

/** One of the customer's contacts as QuickBooks holds it (from the lookup's ContactsRet). */
export interface HeldContact {
  readonly listId: string;
  readonly editSequence: string;
  readonly fields: ContactFields;
}

/** A value cut to QuickBooks' length (a longer name still goes, shortened). */
const cut = (v: string | undefined, max: number) => (v ? [...v].slice(0, max).join('') : undefined);

/**
 * A person as an additional contact. QuickBooks requires a first name: a person with only a last
 * name goes under that name as the first (and reads back the same way, see `mapping.ts`).
 * @example contactWrite({ lastName: 'Okafor', title: 'Buyer' }) // { firstName: 'Okafor', jobTitle: 'Buyer' }
 */
export function contactWrite(p: Person): ContactFields {
  const [first, last] = p.firstName ? [p.firstName, p.lastName] : [p.lastName, undefined];
  return withoutUndefined({
    salutation: cut(p.salutation, 15),
    firstName: cut(first, 25) ?? '',
    lastName: cut(last, 25),
    jobTitle: cut(p.title, 41),
  });
}

const keyOf = (c: ContactFields) => `${c.firstName}\u0000${c.lastName ?? ''}`.toLowerCase();

/** Each contact a write sets, with the one QuickBooks holds of the same name (each answers once), or undefined. */
function paired<H>(
  write: readonly ContactFields[],
  held: readonly H[],
  fieldsOf: (h: H) => ContactFields,
): (readonly [ContactFields, H | undefined])[] {
  const free = [...held];
  return write.map((c) => {
    const at = free.findIndex((h) => keyOf(fieldsOf(h)) === keyOf(c));
    return [c, at < 0 ? undefined : free.splice(at, 1)[0]] as const;
  });
}

/** Whether QuickBooks' contact holds every field the write's sets (a field it leaves out, QuickBooks keeps). */
const same = (write: ContactFields, held: ContactFields) =>
  (Object.keys(write) as (keyof ContactFields)[]).every((k) => write[k] === held[k]);

/** Whether QuickBooks holds each of the write's contacts as it would set them. */
export function contactsHeld(write: readonly ContactFields[], held: readonly ContactFields[]): boolean {
  return paired(write, held, (h) => h).every(([c, h]) => h !== undefined && same(c, h));
}

/**
 * A Mod's ContactsMod: each contact QuickBooks holds that differs (with its ListID and EditSequence),
 * and each new one (without); an unchanged one is not sent.
 * @example contactChanges([{ firstName: 'Ben', jobTitle: 'Head Buyer' }], held) // [{ listId, editSequence, firstName: 'Ben', jobTitle: 'Head Buyer' }]
 */
export function contactChanges(write: readonly ContactFields[], held: readonly HeldContact[]): ContactMod[] {
  return paired(write, held, (h) => h.fields).flatMap(([c, h]): ContactMod[] => {
    if (h === undefined) return [c];
    return same(c, h.fields) ? [] : [{ listId: h.listId, editSequence: h.editSequence, ...c }];
  });
}
