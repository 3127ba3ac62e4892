/**
 * @module
 * A customer's additional contacts (qbXML 13.0): `Contacts` on CustomerAdd adds them; `ContactsMod`
 * on CustomerMod changes one — named by its ListID, with its current EditSequence — or, without a
 * ListID, adds one. A contact ListID the customer does not have is answered 3120 and a stale
 * contact EditSequence 3200, as QuickBooks answers them for the record itself; either refuses the
 * whole Mod (the caller stores nothing until every contact passed).
 */
import type { ContactDetail, CustomerContact } from './records.ts';
import { newListId, type CompanyState } from './store.ts';
import { defined, notFound, staleCheck, str } from './write-rules.ts';
import { childrenNamed, textOf, type El } from './xml.ts';

/** The TimeModified and EditSequence of the write that adds or changes contacts. */
export interface Stamp {
  readonly time: string;
  readonly editSequence: string;
}

function details(el: El): ContactDetail[] | undefined {
  const list = childrenNamed(el, 'AdditionalContactRef').map((d) => ({
    name: str(d, 'ContactName') ?? '',
    value: str(d, 'ContactValue') ?? '',
  }));
  return list.length ? list : undefined;
}

const fieldsOf = (el: El) =>
  defined({
    salutation: str(el, 'Salutation'),
    firstName: str(el, 'FirstName'),
    middleName: str(el, 'MiddleName'),
    lastName: str(el, 'LastName'),
    jobTitle: str(el, 'JobTitle'),
    details: details(el),
  });

const added = (state: CompanyState, el: El, stamp: Stamp): CustomerContact => ({
  listId: newListId(state),
  timeCreated: stamp.time,
  timeModified: stamp.time,
  editSequence: stamp.editSequence,
  // The schema check has made sure FirstName is there.
  firstName: '',
  ...fieldsOf(el),
});

/** The contacts a CustomerAdd's `Contacts` elements give the new customer (undefined: none). */
export function contactsAdded(state: CompanyState, el: El, stamp: Stamp): CustomerContact[] | undefined {
  const list = childrenNamed(el, 'Contacts').map((c) => added(state, c, stamp));
  return list.length ? list : undefined;
}

/**
 * The customer's contacts once a CustomerMod's `ContactsMod` elements are applied (undefined: the
 * Mod names none, the contacts stay). A contact removed from the request is not removed: qbXML 13
 * has no way to delete one.
 */
export function contactsModified(
  state: CompanyState,
  current: readonly CustomerContact[],
  el: El,
  stamp: Stamp,
): CustomerContact[] | undefined {
  const mods = childrenNamed(el, 'ContactsMod');
  if (mods.length === 0) return undefined;
  const out = [...current];
  for (const m of mods) {
    const listId = textOf(m, 'ListID');
    if (listId === undefined) {
      out.push(added(state, m, stamp));
      continue;
    }
    const at = out.findIndex((c) => c.listId === listId);
    const known = out[at];
    if (known === undefined) throw notFound(listId);
    staleCheck(known, m);
    out[at] = { ...known, ...fieldsOf(m), timeModified: stamp.time, editSequence: stamp.editSequence };
  }
  return out;
}
