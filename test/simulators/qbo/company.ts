/**
 * @module
 * One simulated QuickBooks company (realm): its records, Preferences and CompanyInfo, the change log
 * webhooks and CDC read, and the handles tests use to act as the company's own user in QuickBooks
 * (seeding records, editing one "behind the relay's back", making one inactive, voiding, deleting).
 * Every change a handle makes goes through the same rules as the API and is seen by webhooks and CDC.
 */
import type { SimClock } from './clock.ts';
import { companyTime, type CompanyData, type CompanyPrefs } from './company-data.ts';
import { salesFormsCustomFields, type SalesCustomField } from './custom-fields.ts';
import type { JsonObject } from './decode.ts';
import type { EntityName } from './entities.ts';
import { createStore, type ChangeEvent, type ChangeOperation } from './store.ts';
import { mergeEntity } from './merge.ts';
import { createEntity, deleteEntity, render, updateEntity, voidEntity } from './write.ts';
import type { QboSchema } from './xsd.ts';

export interface CompanyOptions {
  readonly realmId: string;
  readonly companyName?: string;
  /** Default `USD`. */
  readonly homeCurrency?: string;
  readonly multiCurrency?: boolean;
  readonly trackClasses?: boolean;
  readonly trackDepartments?: boolean;
  /** The sales forms' custom fields (at most three), slot 1 first; default none. */
  readonly salesCustomFields?: readonly SalesCustomField[];
  /** Default -420 (Pacific daylight time, as the samples). */
  readonly utcOffsetMinutes?: number;
}

export interface SimCompany extends CompanyData {
  /** Every change, oldest first. */
  readonly changes: readonly ChangeEvent[];
  /** A record as the API returns it, or undefined. */
  get(entity: EntityName, id: string): JsonObject | undefined;
  /** Every record of an entity (inactive and voided included), as the API returns them. */
  list(entity: EntityName): JsonObject[];
  /** Creates as the company's user would in QuickBooks; the same refusals as the API. */
  create(entity: EntityName, body: JsonObject): JsonObject;
  /** A sparse change with the current SyncToken, as the company's user makes it. */
  update(entity: EntityName, id: string, changes: JsonObject): JsonObject;
  deactivate(entity: EntityName, id: string): JsonObject;
  delete(entity: EntityName, id: string): void;
  void(entity: EntityName, id: string): JsonObject;
  /**
   * Merges one customer (or vendor) into another, as the company's user does by giving it the other's
   * name: its transactions move to the one kept, it is gone (CDC: Deleted), and webhooks tell a
   * `Merge` of the one kept with the other's id. The API itself cannot merge.
   */
  merge(entity: 'Customer' | 'Vendor', fromId: string, intoId: string): void;
  setPreferences(prefs: Partial<CompanyPrefs>): void;
  /** `GET /companyinfo/{realm}` and `GET /preferences` bodies. */
  companyInfo(): JsonObject;
  preferences(): JsonObject;
  /** Called on every change (webhooks). */
  onChange(listener: (e: ChangeEvent) => void): void;
}

/** Accounts and one service item a new QuickBooks Online company starts with (ids as created here). */
const SEED_ACCOUNTS: JsonObject[] = [
  { Name: 'Services', AccountType: 'Income', AccountSubType: 'ServiceFeeIncome' },
  { Name: 'Accounts Receivable (A/R)', AccountType: 'Accounts Receivable', AccountSubType: 'AccountsReceivable' },
  { Name: 'Accounts Payable (A/P)', AccountType: 'Accounts Payable', AccountSubType: 'AccountsPayable' },
  { Name: 'Undeposited Funds', AccountType: 'Other Current Asset', AccountSubType: 'UndepositedFunds' },
  { Name: 'Checking', AccountType: 'Bank', AccountSubType: 'Checking' },
  { Name: 'Opening Balance Equity', AccountType: 'Equity', AccountSubType: 'OpeningBalanceEquity' },
  { Name: 'Miscellaneous', AccountType: 'Expense', AccountSubType: 'OtherMiscellaneousServiceCost' },
];

export function createCompany(opts: CompanyOptions, clock: SimClock, schema: QboSchema): SimCompany {
  const store = createStore();
  const changes: ChangeEvent[] = [];
  const listeners: ((e: ChangeEvent) => void)[] = [];
  const prefs: CompanyPrefs = {
    homeCurrency: opts.homeCurrency ?? 'USD',
    multiCurrency: opts.multiCurrency ?? false,
    trackClasses: opts.trackClasses ?? true,
    trackDepartments: opts.trackDepartments ?? true,
    salesCustomFields: opts.salesCustomFields ?? [],
  };
  const created = clock.now();
  let seeding = true;
  const co: SimCompany = {
    realmId: opts.realmId,
    companyName: opts.companyName ?? 'Sandbox Company_US_1',
    store,
    prefs,
    clock,
    utcOffsetMinutes: opts.utcOffsetMinutes ?? -420,
    emit(entity: EntityName, id: string, operation: ChangeOperation, deletedId?: string) {
      if (seeding) return;
      const e = { realmId: opts.realmId, entity, id, operation, at: clock.now(), ...(deletedId ? { deletedId } : {}) };
      changes.push(e);
      for (const l of listeners) l(e);
    },
    changes,
    get: (entity, id) => {
      const r = store.get(entity, id);
      return r && render(co, entity, r);
    },
    list: (entity) => store.all(entity).map((r) => render(co, entity, r)),
    create: (entity, body) => createEntity(co, schema, entity, body),
    update(entity, id, patch) {
      const cur = store.get(entity, id);
      if (!cur) throw new Error(`no ${entity} ${id} in company ${opts.realmId}`);
      return updateEntity(co, schema, entity, { ...patch, Id: id, SyncToken: cur.SyncToken, sparse: true });
    },
    deactivate: (entity, id) => co.update(entity, id, { Active: false }),
    delete(entity, id) {
      deleteEntity(co, schema, entity, { Id: id, SyncToken: store.get(entity, id)?.SyncToken ?? '' });
    },
    merge: (entity, fromId, intoId) => mergeEntity(co, entity, fromId, intoId),
    void: (entity, id) => voidEntity(co, schema, entity, { Id: id, SyncToken: store.get(entity, id)?.SyncToken ?? '' }),
    setPreferences: (p) => void Object.assign(prefs, p),
    companyInfo: () => ({
      CompanyName: co.companyName,
      LegalName: co.companyName,
      CompanyAddr: {
        Id: '1',
        Line1: '2500 Garcia Ave',
        City: 'Mountain View',
        CountrySubDivisionCode: 'CA',
        PostalCode: '94043',
        Country: 'US',
      },
      Country: 'US',
      SupportedLanguages: 'en',
      FiscalYearStartMonth: 'January',
      NameValue: [
        { Name: 'SubscriptionStatus', Value: 'PAID' },
        { Name: 'OfferingSku', Value: 'QuickBooks Online Plus' },
      ],
      domain: 'QBO',
      sparse: false,
      Id: '1',
      SyncToken: '0',
      MetaData: { CreateTime: companyTime(co, created), LastUpdatedTime: companyTime(co, created) },
    }),
    preferences: () => ({
      AccountingInfoPrefs: {
        TrackDepartments: prefs.trackDepartments,
        ClassTrackingPerTxn: prefs.trackClasses,
        ClassTrackingPerTxnLine: prefs.trackClasses,
      },
      CurrencyPrefs: {
        MultiCurrencyEnabled: prefs.multiCurrency,
        HomeCurrency: { value: prefs.homeCurrency },
      },
      SalesFormsPrefs: { CustomField: salesFormsCustomFields(prefs.salesCustomFields) },
      domain: 'QBO',
      sparse: false,
      Id: '1',
      SyncToken: '0',
      MetaData: { CreateTime: companyTime(co, created), LastUpdatedTime: companyTime(co, created) },
    }),
    onChange: (l) => void listeners.push(l),
  };
  for (const a of SEED_ACCOUNTS) co.create('Account', a);
  co.create('Item', { Name: 'Services', Type: 'Service', IncomeAccountRef: { value: '1' } });
  seeding = false;
  return co;
}
