/**
 * @module
 * The name lists' rules (reference §2.9): Customer/Vendor DisplayName (derived from the name parts
 * when absent, no `:`, unique across Customer and Vendor), Item/Account/Class/Department Name (unique
 * in its list), parent/child lists with `ParentRef` and a read-only `FullyQualifiedName` built as
 * `Parent:Child` (sub-customers are jobs: `Job: true`, `Level`), and the defaults a recorded read shows.
 */
import type { JsonObject } from './decode.ts';
import { businessValidation, duplicateName, invalidReference, objectNotFound, requiredParam } from './errors.ts';
import { ENTITIES, type EntityName } from './entities.ts';
import { Dec } from './money.ts';
import type { CompanyData } from './company-data.ts';

const ref = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && typeof (v as JsonObject).value === 'string'
    ? ((v as JsonObject).value as string)
    : undefined;

/** The AccountType → Classification QuickBooks derives (read-only on the account). */
const CLASSIFICATION: Record<string, string> = {
  Bank: 'Asset',
  'Accounts Receivable': 'Asset',
  'Other Current Asset': 'Asset',
  'Fixed Asset': 'Asset',
  'Other Asset': 'Asset',
  'Accounts Payable': 'Liability',
  'Credit Card': 'Liability',
  'Other Current Liability': 'Liability',
  'Long Term Liability': 'Liability',
  Equity: 'Equity',
  Income: 'Revenue',
  'Other Income': 'Revenue',
  'Cost of Goods Sold': 'Expense',
  Expense: 'Expense',
  'Other Expense': 'Expense',
};

/** Checks and completes a name-list record about to be saved (`id` undefined on create). */
export function prepareName(co: CompanyData, entity: EntityName, data: JsonObject, id: string | undefined): JsonObject {
  const spec = ENTITIES[entity];
  const out: JsonObject = { ...data };
  if (entity === 'Customer' || entity === 'Vendor') {
    const parts = ['Title', 'GivenName', 'MiddleName', 'FamilyName', 'Suffix'].map((k) => out[k]).filter(Boolean);
    if (typeof out.DisplayName !== 'string' || !out.DisplayName.trim()) {
      if (!parts.length) throw requiredParam('DisplayName');
      out.DisplayName = parts.join(' ');
    }
    if ((out.DisplayName as string).includes(':')) {
      throw businessValidation('The name cannot contain a colon (:).', 'DisplayName');
    }
    out.PrintOnCheckName ??= (out.CompanyName as string | undefined) ?? out.DisplayName;
    out.Active ??= true;
    out.CurrencyRef = currency(co, out.CurrencyRef);
    out.Balance ??= Dec.ZERO;
  }
  if (entity === 'Customer') {
    out.Taxable ??= false;
    out.BillWithParent ??= false;
    out.PreferredDeliveryMethod ??= 'Print';
    out.IsProject ??= false;
    out.BalanceWithJobs ??= out.Balance ?? Dec.ZERO;
  }
  if (entity === 'Vendor') {
    out.Vendor1099 ??= false;
  }
  if (spec.nameField === 'Name') {
    if (typeof out.Name !== 'string' || !out.Name.trim()) throw requiredParam('Name');
    out.Active ??= true;
  }
  if (entity === 'Account') prepareAccount(co, out);
  if (entity === 'Item') prepareItem(co, out);
  if (spec.childFlag) parentChain(co, entity, out, id);
  const name = String(out[spec.nameField!]).trim();
  const scope = spec.nameScope ?? [entity];
  // QuickBooks compares names without regard to case, and counts inactive records too.
  const clash = scope.some((e) =>
    co.store.all(e).some(
      (r) =>
        !(e === entity && r.Id === id) &&
        String((entity === 'Customer' || entity === 'Vendor' ? r.DisplayName : r[spec.nameField!]) ?? '')
          .trim()
          .toLowerCase() === name.toLowerCase() &&
        (spec.nameScope ? true : r.FullyQualifiedName === out.FullyQualifiedName),
    ),
  );
  if (clash) throw duplicateName(spec.nameScope ? 'customer, vendor or employee' : entity.toLowerCase());
  return out;
}

function prepareAccount(co: CompanyData, out: JsonObject): void {
  const name = out.Name as string;
  if (name.includes(':') || name.includes('"')) {
    throw businessValidation('Account name cannot contain a colon (:) or a double quote (").', 'Name');
  }
  if (!out.AccountType && !out.AccountSubType) throw requiredParam('AccountType');
  out.AccountType ??= 'Expense';
  out.Classification = CLASSIFICATION[out.AccountType as string] ?? 'Expense';
  out.CurrentBalance ??= Dec.ZERO;
  out.CurrentBalanceWithSubAccounts ??= Dec.ZERO;
  out.CurrencyRef = currency(co, out.CurrencyRef);
}

function prepareItem(co: CompanyData, out: JsonObject): void {
  if (!out.Type) throw requiredParam('Type');
  const type = out.Type as string;
  const needs: string[] = [];
  if (type === 'Service' || type === 'Inventory') needs.push('IncomeAccountRef');
  if (type === 'NonInventory' || type === 'Inventory') needs.push('ExpenseAccountRef');
  if (type === 'Inventory') needs.push('AssetAccountRef', 'InvStartDate', 'QtyOnHand');
  for (const f of needs) {
    if (out[f] === undefined) throw requiredParam(f);
    if (f.endsWith('Ref')) checkRef(co, 'Account', out[f], f);
  }
  if (type === 'Inventory') out.TrackQtyOnHand = true;
  out.Taxable ??= false;
  out.UnitPrice ??= Dec.ZERO;
  out.PurchaseCost ??= Dec.ZERO;
  out.TrackQtyOnHand ??= false;
}

function parentChain(co: CompanyData, entity: EntityName, out: JsonObject, id: string | undefined): void {
  const flag = ENTITIES[entity].childFlag!;
  const own = String(out[ENTITIES[entity].nameField!]);
  const parentId = ref(out.ParentRef);
  if (!parentId) {
    out[flag] = false;
    delete out.ParentRef;
    if (entity === 'Customer') delete out.Level;
    out.FullyQualifiedName = own;
    return;
  }
  const parent = co.store.get(entity, parentId);
  if (!parent) throw invalidReference('ParentRef');
  if (parent.Active === false) throw objectNotFound('ParentRef');
  // A record cannot sit under itself or under one of its own children.
  for (let p: JsonObject | undefined = parent; p; p = co.store.get(entity, ref(p.ParentRef) ?? '')) {
    if (p.Id === id) throw businessValidation('A record cannot be its own parent.', 'ParentRef');
  }
  out[flag] = true;
  if (entity === 'Customer') out.Level = Number(parent.Level ?? 0) + 1;
  out.FullyQualifiedName = `${String(parent.FullyQualifiedName)}:${own}`;
}

/** Throws 2500 when a reference names nothing, 610 when it names an inactive record. */
export function checkRef(co: CompanyData, entity: EntityName, value: unknown, element: string): JsonObject {
  const id = ref(value);
  if (!id) throw requiredParam(element);
  const found = co.store.get(entity, id);
  if (!found) throw invalidReference(element);
  if (found.Active === false) throw objectNotFound(element);
  return found;
}

/** A currency reference, the home currency when none is given; foreign ones need multicurrency. */
export function currency(co: CompanyData, given: unknown): JsonObject {
  const code = ref(given) ?? co.prefs.homeCurrency;
  if (code !== co.prefs.homeCurrency && !co.prefs.multiCurrency) {
    throw businessValidation(`Multicurrency is not enabled; ${code} cannot be used.`, 'CurrencyRef');
  }
  return { value: code, name: CURRENCY_NAMES[code] ?? code };
}

const CURRENCY_NAMES: Record<string, string> = {
  USD: 'United States Dollar',
  CAD: 'Canadian Dollar',
  EUR: 'Euro',
  GBP: 'British Pound Sterling',
  AUD: 'Australian Dollar',
};

/** Children whose FullyQualifiedName must follow a renamed or moved parent. */
export function renameChildren(co: CompanyData, entity: EntityName, parentId: string, at: number): void {
  const parent = co.store.get(entity, parentId);
  if (!parent) return;
  for (const child of co.store.all(entity).filter((r) => ref(r.ParentRef) === parentId)) {
    const own = String(child[ENTITIES[entity].nameField!]);
    const fqn = `${String(parent.FullyQualifiedName)}:${own}`;
    if (child.FullyQualifiedName === fqn) continue;
    co.store.replace(entity, child.Id as string, { ...child, FullyQualifiedName: fqn }, at);
    renameChildren(co, entity, child.Id as string, at);
  }
}
