/**
 * @module
 * Plain typed records parsed from qbXML responses, one shape per kind. Amounts, prices, quantities
 * and rates stay decimal strings exactly as QuickBooks wrote them. Timestamps stay as QuickBooks
 * wrote them too (offset included; see cursor.ts for why the offset is not trusted). Enumerations are
 * plain strings because real QuickBooks returns values its own schema does not list.
 */
import type { Address, Ref } from './request-types.ts';
import type {
  BillRecord,
  InvoiceRecord,
  JournalEntryRecord,
  PaymentRecord,
  SalesOrderRecord,
} from './txn-record-types.ts';

export type { Address, Ref } from './request-types.ts';
export type * from './txn-record-types.ts';

/** A custom field (DataExtRet); OwnerID `0` marks public custom fields. */
export interface DataExt {
  readonly ownerId?: string;
  readonly name: string;
  readonly type?: string;
  readonly value: string;
}

/** Identity and change stamp shared by list elements. */
interface ListBase {
  readonly listId: string;
  readonly timeCreated: string;
  readonly timeModified: string;
  readonly editSequence: string;
  readonly name: string;
  readonly isActive: boolean;
  readonly dataExt?: readonly DataExt[];
}

/** One of a customer's additional contacts (ContactsRet), with its own ListID and EditSequence. */
export interface ContactRecord {
  readonly listId: string;
  readonly editSequence: string;
  readonly salutation?: string;
  readonly firstName?: string;
  readonly middleName?: string;
  readonly lastName?: string;
  readonly jobTitle?: string;
}

export interface CustomerRecord extends ListBase {
  readonly kind: 'customer';
  /** `Parent:Job` for jobs. */
  readonly fullName: string;
  readonly parent?: Ref;
  readonly sublevel: number;
  readonly class?: Ref;
  readonly companyName?: string;
  readonly salutation?: string;
  readonly firstName?: string;
  readonly middleName?: string;
  readonly lastName?: string;
  readonly jobTitle?: string;
  readonly billAddress?: Address;
  readonly shipAddress?: Address;
  readonly phone?: string;
  readonly altPhone?: string;
  readonly fax?: string;
  readonly email?: string;
  readonly cc?: string;
  readonly contact?: string;
  readonly altContact?: string;
  readonly contacts?: readonly ContactRecord[];
  readonly customerType?: Ref;
  readonly terms?: Ref;
  readonly salesRep?: Ref;
  readonly balance?: string;
  readonly totalBalance?: string;
  readonly salesTaxCode?: Ref;
  readonly itemSalesTax?: Ref;
  readonly resaleNumber?: string;
  readonly accountNumber?: string;
  readonly creditLimit?: string;
  readonly jobStatus?: string;
  readonly jobStartDate?: string;
  readonly jobProjectedEndDate?: string;
  readonly jobEndDate?: string;
  readonly jobDesc?: string;
  readonly jobType?: Ref;
  readonly notes?: string;
  readonly preferredDeliveryMethod?: string;
  readonly priceLevel?: Ref;
  readonly externalGuid?: string;
  readonly currency?: Ref;
}

export interface VendorRecord extends ListBase {
  readonly kind: 'vendor';
  readonly class?: Ref;
  readonly isTaxAgency?: boolean;
  readonly companyName?: string;
  readonly salutation?: string;
  readonly firstName?: string;
  readonly middleName?: string;
  readonly lastName?: string;
  readonly jobTitle?: string;
  readonly vendorAddress?: Address;
  readonly shipAddress?: Address;
  readonly phone?: string;
  readonly altPhone?: string;
  readonly fax?: string;
  readonly email?: string;
  readonly cc?: string;
  readonly contact?: string;
  readonly altContact?: string;
  readonly nameOnCheck?: string;
  readonly accountNumber?: string;
  readonly notes?: string;
  readonly vendorType?: Ref;
  readonly terms?: Ref;
  readonly creditLimit?: string;
  readonly vendorTaxIdent?: string;
  readonly isVendorEligibleFor1099?: boolean;
  readonly balance?: string;
  readonly externalGuid?: string;
  readonly currency?: Ref;
}

/** Every item type in one shape; `itemType` is the Ret name without `Item`/`Ret` (Service, Inventory, ...). */
export interface ItemRecord extends ListBase {
  readonly kind: 'item';
  readonly itemType: string;
  readonly fullName: string;
  readonly parent?: Ref;
  readonly sublevel: number;
  readonly class?: Ref;
  readonly salesTaxCode?: Ref;
  /** SalesOrPurchase/Desc, SalesAndPurchase/SalesDesc, SalesDesc (inventory) or ItemDesc (discount, subtotal, ...). */
  readonly salesDesc?: string;
  /** Price, SalesPrice or DiscountRate/TaxRate. */
  readonly salesPrice?: string;
  /** PricePercent / DiscountRatePercent. */
  readonly salesPricePercent?: string;
  /** AccountRef of a SalesOrPurchase item, IncomeAccountRef otherwise. */
  readonly incomeAccount?: Ref;
  readonly purchaseDesc?: string;
  readonly purchaseCost?: string;
  readonly expenseAccount?: Ref;
  readonly cogsAccount?: Ref;
  readonly assetAccount?: Ref;
  readonly prefVendor?: Ref;
  readonly quantityOnHand?: string;
  readonly averageCost?: string;
  readonly externalGuid?: string;
}

export interface AccountRecord extends ListBase {
  readonly kind: 'account';
  readonly fullName: string;
  readonly parent?: Ref;
  readonly sublevel: number;
  readonly accountType: string;
  readonly specialAccountType?: string;
  readonly accountNumber?: string;
  readonly bankNumber?: string;
  readonly desc?: string;
  readonly balance?: string;
  readonly totalBalance?: string;
  readonly currency?: Ref;
}

export interface DeletedListRecord {
  readonly kind: 'deletedList';
  readonly listDelType: string;
  readonly listId: string;
  readonly timeCreated: string;
  readonly timeDeleted: string;
  readonly fullName?: string;
}

export interface DeletedTxnRecord {
  readonly kind: 'deletedTxn';
  readonly txnDelType: string;
  readonly txnId: string;
  readonly timeCreated: string;
  readonly timeDeleted: string;
  readonly refNumber?: string;
}

export interface HostRecord {
  readonly kind: 'host';
  readonly productName: string;
  readonly majorVersion: string;
  readonly minorVersion: string;
  readonly country?: string;
  readonly supportedQbxmlVersions: readonly string[];
  readonly isAutomaticLogin?: boolean;
  readonly qbFileMode?: string;
}

export interface CompanyRecord {
  readonly kind: 'company';
  readonly isSampleCompany?: boolean;
  readonly companyName?: string;
  readonly legalCompanyName?: string;
  readonly address?: Address;
  readonly phone?: string;
  readonly email?: string;
  readonly ein?: string;
  readonly dataExt: readonly DataExt[];
}

export interface PreferencesRecord {
  readonly kind: 'preferences';
  readonly isUsingClassTracking?: boolean;
  readonly isUsingInventory?: boolean;
  readonly isMultiCurrencyOn?: boolean;
  readonly homeCurrency?: Ref;
  readonly isUsingEstimates?: boolean;
  readonly isUsingPriceLevels?: boolean;
  readonly isAutoApplyingPayments?: boolean;
  /** Everything QuickBooks sent, as nested plain objects (string leaves). */
  readonly raw: PlainXml;
}

/** A Ret this parser has no typed shape for (SalesReceipt, PurchaseOrder, ...), kept as plain data. */
export interface OtherRecord {
  readonly kind: 'other';
  readonly retName: string;
  readonly id?: string;
  readonly editSequence?: string;
  readonly raw: PlainXml;
}

/**
 * A customer/vendor/item/account/transaction Ret trimmed to a few elements (no EditSequence, no
 * TimeModified), as write responses can be. Carries the ID; re-query before relying on it.
 */
export interface PartialRecord {
  readonly kind: 'partial';
  readonly retName: string;
  readonly id: string;
  readonly name?: string;
  readonly fullName?: string;
  readonly raw: PlainXml;
}

/** Element content as plain data: text leaves are strings, repeated elements arrays. */
export interface PlainXml {
  readonly [name: string]: string | PlainXml | readonly (string | PlainXml)[];
}

export type QbxmlRecord =
  | CustomerRecord
  | VendorRecord
  | ItemRecord
  | AccountRecord
  | InvoiceRecord
  | SalesOrderRecord
  | BillRecord
  | PaymentRecord
  | JournalEntryRecord
  | DeletedListRecord
  | DeletedTxnRecord
  | HostRecord
  | CompanyRecord
  | PreferencesRecord
  | PartialRecord
  | OtherRecord;

export type RecordKind = QbxmlRecord['kind'];
