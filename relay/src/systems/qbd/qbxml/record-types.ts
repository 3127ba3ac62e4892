/**
 * @module
 * Plain typed records parsed from qbXML responses, one shape per kind. Amounts, prices, quantities
 * and rates stay decimal strings exactly as QuickBooks wrote them. Timestamps stay as QuickBooks
 * wrote them too (offset included; see cursor.ts for why the offset is not trusted). Enumerations are
 * plain strings because real QuickBooks returns values its own schema does not list.
 */
import type { Address, Ref } from './request-types.ts';

export type { Address, Ref } from './request-types.ts';

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

/** Identity and change stamp shared by transactions. */
interface TxnBase {
  readonly txnId: string;
  readonly timeCreated: string;
  readonly timeModified: string;
  readonly editSequence: string;
  readonly txnNumber?: string;
  readonly txnDate: string;
  readonly refNumber?: string;
  readonly externalGuid?: string;
  readonly dataExt?: readonly DataExt[];
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

export interface LinkedTxn {
  readonly txnId: string;
  readonly txnType: string;
  readonly txnDate?: string;
  readonly refNumber?: string;
  readonly linkType?: string;
  readonly amount?: string;
}

export interface InvoiceLine {
  readonly txnLineId: string;
  /** Set on lines that belong to an item group line. */
  readonly groupTxnLineId?: string;
  readonly item?: Ref;
  readonly desc?: string;
  readonly quantity?: string;
  readonly unitOfMeasure?: string;
  readonly rate?: string;
  readonly ratePercent?: string;
  readonly class?: Ref;
  readonly amount?: string;
  readonly serviceDate?: string;
  readonly salesTaxCode?: Ref;
}

export interface InvoiceRecord extends TxnBase {
  readonly kind: 'invoice';
  readonly customer: Ref;
  readonly class?: Ref;
  readonly arAccount?: Ref;
  readonly template?: Ref;
  readonly billAddress?: Address;
  readonly shipAddress?: Address;
  readonly isPending?: boolean;
  readonly poNumber?: string;
  readonly terms?: Ref;
  readonly dueDate?: string;
  readonly salesRep?: Ref;
  readonly shipDate?: string;
  readonly subtotal?: string;
  readonly itemSalesTax?: Ref;
  readonly salesTaxPercentage?: string;
  readonly salesTaxTotal?: string;
  readonly appliedAmount?: string;
  readonly balanceRemaining?: string;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  readonly memo?: string;
  readonly isPaid?: boolean;
  readonly isToBePrinted?: boolean;
  readonly isToBeEmailed?: boolean;
  readonly customerSalesTaxCode?: Ref;
  readonly linkedTxns: readonly LinkedTxn[];
  readonly lines: readonly InvoiceLine[];
}

export interface SalesOrderLine extends Omit<InvoiceLine, 'serviceDate'> {
  /** Quantity already invoiced (QUANTYPE). */
  readonly invoiced?: string;
  readonly isManuallyClosed?: boolean;
}

/** A sales order; lines of an item group carry the group's TxnLineID as on invoices. */
export interface SalesOrderRecord extends TxnBase {
  readonly kind: 'salesOrder';
  readonly customer: Ref;
  readonly class?: Ref;
  readonly template?: Ref;
  readonly billAddress?: Address;
  readonly shipAddress?: Address;
  readonly poNumber?: string;
  readonly terms?: Ref;
  readonly dueDate?: string;
  readonly salesRep?: Ref;
  readonly shipDate?: string;
  readonly subtotal?: string;
  readonly salesTaxTotal?: string;
  readonly totalAmount?: string;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  readonly isManuallyClosed?: boolean;
  readonly isFullyInvoiced?: boolean;
  readonly memo?: string;
  readonly linkedTxns: readonly LinkedTxn[];
  readonly lines: readonly SalesOrderLine[];
}

export interface BillExpenseLine {
  readonly txnLineId: string;
  readonly account?: Ref;
  readonly amount?: string;
  readonly memo?: string;
  readonly customer?: Ref;
  readonly class?: Ref;
  readonly billableStatus?: string;
}

export interface BillItemLine {
  readonly txnLineId: string;
  readonly groupTxnLineId?: string;
  readonly item?: Ref;
  readonly desc?: string;
  readonly quantity?: string;
  readonly cost?: string;
  readonly amount?: string;
  readonly customer?: Ref;
  readonly class?: Ref;
  readonly billableStatus?: string;
}

export interface BillRecord extends TxnBase {
  readonly kind: 'bill';
  readonly vendor: Ref;
  readonly vendorAddress?: Address;
  readonly apAccount?: Ref;
  readonly dueDate?: string;
  readonly amountDue: string;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  readonly terms?: Ref;
  readonly memo?: string;
  readonly isPaid?: boolean;
  readonly openAmount?: string;
  readonly linkedTxns: readonly LinkedTxn[];
  readonly expenseLines: readonly BillExpenseLine[];
  readonly itemLines: readonly BillItemLine[];
}

export interface AppliedToTxn {
  readonly txnId: string;
  readonly txnType: string;
  readonly txnDate?: string;
  readonly refNumber?: string;
  readonly balanceRemaining?: string;
  readonly amount?: string;
  readonly discountAmount?: string;
  readonly discountAccount?: Ref;
}

export interface PaymentRecord extends TxnBase {
  readonly kind: 'payment';
  readonly customer: Ref;
  readonly arAccount?: Ref;
  readonly totalAmount: string;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  readonly paymentMethod?: Ref;
  readonly memo?: string;
  readonly depositToAccount?: Ref;
  readonly unusedPayment?: string;
  readonly unusedCredits?: string;
  readonly appliedTo: readonly AppliedToTxn[];
}

export interface JournalLine {
  readonly txnLineId?: string;
  readonly type: 'Debit' | 'Credit';
  readonly account?: Ref;
  readonly amount?: string;
  readonly memo?: string;
  readonly entity?: Ref;
  readonly class?: Ref;
  readonly billableStatus?: string;
}

export interface JournalEntryRecord extends TxnBase {
  readonly kind: 'journalEntry';
  readonly isAdjustment?: boolean;
  readonly currency?: Ref;
  readonly exchangeRate?: string;
  /** In document order (debits and credits interleaved as QuickBooks returned them). */
  readonly lines: readonly JournalLine[];
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
