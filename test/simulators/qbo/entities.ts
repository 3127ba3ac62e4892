/**
 * @module
 * The entities the simulator serves, with what QuickBooks says about each (reference §2.1, §2.6,
 * §2.9): the lower-case path segment, whether it is a name list (never deleted, only made inactive;
 * a unique name) or a transaction (delete, and void where QuickBooks allows it).
 */

export const ENTITY_NAMES = [
  'Customer',
  'Vendor',
  'Item',
  'Account',
  'Department',
  'Class',
  'Invoice',
  'Bill',
  'Payment',
  'JournalEntry',
  'CompanyInfo',
  'Preferences',
] as const;

export type EntityName = (typeof ENTITY_NAMES)[number];

export interface EntitySpec {
  readonly name: EntityName;
  readonly kind: 'name' | 'transaction' | 'company';
  /** The field that must be unique (6240), for name lists. */
  readonly nameField?: 'DisplayName' | 'Name';
  /** Entities sharing one namespace of names: DisplayName is unique across Customer, Vendor and Employee. */
  readonly nameScope?: readonly EntityName[];
  /** `?operation=void` (Payment voids through `operation=update&include=void`, reference §2.1). */
  readonly voidable: boolean;
  /** Parent/child lists: the flag that marks a child (`Job`, `SubItem`, …), FullyQualifiedName built as `A:B`. */
  readonly childFlag?: 'Job' | 'SubAccount' | 'SubItem' | 'SubClass' | 'SubDepartment';
}

const PEOPLE: readonly EntityName[] = ['Customer', 'Vendor'];

export const ENTITIES: Readonly<Record<EntityName, EntitySpec>> = {
  Customer: {
    name: 'Customer',
    kind: 'name',
    nameField: 'DisplayName',
    nameScope: PEOPLE,
    voidable: false,
    childFlag: 'Job',
  },
  Vendor: { name: 'Vendor', kind: 'name', nameField: 'DisplayName', nameScope: PEOPLE, voidable: false },
  Item: { name: 'Item', kind: 'name', nameField: 'Name', voidable: false, childFlag: 'SubItem' },
  Account: { name: 'Account', kind: 'name', nameField: 'Name', voidable: false, childFlag: 'SubAccount' },
  Department: { name: 'Department', kind: 'name', nameField: 'Name', voidable: false, childFlag: 'SubDepartment' },
  Class: { name: 'Class', kind: 'name', nameField: 'Name', voidable: false, childFlag: 'SubClass' },
  Invoice: { name: 'Invoice', kind: 'transaction', voidable: true },
  // QuickBooks Online's API has no void for bills or journal entries; they can only be deleted.
  Bill: { name: 'Bill', kind: 'transaction', voidable: false },
  Payment: { name: 'Payment', kind: 'transaction', voidable: true },
  JournalEntry: { name: 'JournalEntry', kind: 'transaction', voidable: false },
  CompanyInfo: { name: 'CompanyInfo', kind: 'company', voidable: false },
  Preferences: { name: 'Preferences', kind: 'company', voidable: false },
};

/** `customer` → `Customer`; entity names are case-insensitive in paths, queries and CDC lists. */
export function entityByName(name: string): EntitySpec | undefined {
  const found = ENTITY_NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
  return found ? ENTITIES[found] : undefined;
}
