/**
 * @module
 * The small lists a new QuickBooks company file starts with, which records name by reference:
 * terms, classes and payment methods (`termsId`, `classId`, `paymentMethodId` in a body; `terms`,
 * `class`, `paymentMethod` as `{id, fullName}` in what Conductor returns, as the spec's examples
 * show). The simulator serves no endpoints for them: they are fixed, and a reference to anything
 * else is QuickBooks' 3140, as for any list.
 */
import type { JsonObject } from './shapes.ts';

export type OtherList = 'terms' | 'class' | 'paymentMethod';

const NAMES: Readonly<Record<OtherList, readonly string[]>> = {
  terms: ['Net 15', 'Net 30', 'Due on receipt'],
  class: ['East', 'West'],
  paymentMethod: ['Check', 'Cash', 'Visa'],
};

/** What QuickBooks calls each list in a 3140 message. */
export const OTHER_LIST_NAMES: Readonly<Record<OtherList, string>> = {
  terms: 'Terms',
  class: 'Class',
  paymentMethod: 'Payment Method',
};

/** Every entry's ListID (list-object ids, apart from the ones the store gives), by list and name. */
const ENTRIES: ReadonlyMap<string, JsonObject> = new Map(
  (Object.entries(NAMES) as [OtherList, readonly string[]][]).flatMap(([list, names], li) =>
    names.map((fullName, i) => {
      const id = `${(0x90000000 + (li + 1) * 0x100 + i + 1).toString(16).toUpperCase()}-1262304000`;
      return [`${list}:${id}`, { id, fullName }] as const;
    }),
  ),
);

/** The `{id, fullName}` of an entry, or undefined when the list has no such id. */
export const otherListEntry = (list: OtherList, id: string): JsonObject | undefined => ENTRIES.get(`${list}:${id}`);

/** The id of an entry by its name, as a bookkeeper picks it. @example otherListId('terms', 'Net 30') */
export function otherListId(list: OtherList, fullName: string): string {
  for (const [key, entry] of ENTRIES)
    if (key.startsWith(`${list}:`) && entry.fullName === fullName) return String(entry.id);
  throw new Error(`no ${list} ${fullName} in the company file`);
}
