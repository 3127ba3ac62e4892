/**
 * @module
 * Account invoices panel (Account record page): the Account's QuickBooks open and overdue balance,
 * aging of open invoices by days past due, and the sortable invoice list with status badges and
 * links to each invoice and its lines. Data comes from LDS (`getRecord`, `getRelatedListRecords`).
 */
import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import LOCALE from '@salesforce/i18n/locale';
import USER_CURRENCY from '@salesforce/i18n/currency';
import TIME_ZONE from '@salesforce/i18n/timeZone';

import OPEN_BALANCE_FIELD from '@salesforce/schema/Account.QuickBooks_Open_Balance__c';
import OVERDUE_BALANCE_FIELD from '@salesforce/schema/Account.QuickBooks_Overdue_Balance__c';
import LAST_SYNCED_FIELD from '@salesforce/schema/Account.QuickBooks_Last_Synced_At__c';
import COMPANY_TIME_ZONE_FIELD from '@salesforce/schema/Account.QuickBooks_Connection__r.Time_Zone__c';
import INVOICE_ACCOUNT_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Account__c';
import INVOICE_NAME_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Name';
import TXN_DATE_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Txn_Date__c';
import DUE_DATE_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Due_Date__c';
import TOTAL_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Total_Amount__c';
import BALANCE_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Balance__c';
import STATUS_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Status__c';
import CURRENCY_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Currency_Code__c';
import LINE_INVOICE_FIELD from '@salesforce/schema/QuickBooks_Invoice_Line__c.Invoice__c';

import titleLabel from '@salesforce/label/c.AccountInvoices_Title';
import loadingLabel from '@salesforce/label/c.Common_Loading';
import errorTitleLabel from '@salesforce/label/c.AccountInvoices_Error';
import emptyLabel from '@salesforce/label/c.AccountInvoices_Empty';
import openBalanceLabel from '@salesforce/label/c.AccountInvoices_Open_Balance';
import overdueLabel from '@salesforce/label/c.AccountInvoices_Overdue';
import lastSyncedLabel from '@salesforce/label/c.AccountInvoices_Last_Synced';
import neverSyncedLabel from '@salesforce/label/c.AccountInvoices_Never_Synced';
import agingCaptionLabel from '@salesforce/label/c.AccountInvoices_Aging_Caption';
import agingNoneLabel from '@salesforce/label/c.AccountInvoices_Aging_None';
import currencyLabel from '@salesforce/label/c.Common_Currency';
import bucketCurrentLabel from '@salesforce/label/c.Aging_Current';
import bucket1to30Label from '@salesforce/label/c.Aging_1_30';
import bucket31to60Label from '@salesforce/label/c.Aging_31_60';
import bucket61to90Label from '@salesforce/label/c.Aging_61_90';
import bucketOver90Label from '@salesforce/label/c.Aging_Over_90';
import tableCaptionLabel from '@salesforce/label/c.AccountInvoices_Table_Caption';
import numberLabel from '@salesforce/label/c.AccountInvoices_Number';
import dateLabel from '@salesforce/label/c.AccountInvoices_Date';
import dueDateLabel from '@salesforce/label/c.AccountInvoices_Due_Date';
import totalLabel from '@salesforce/label/c.AccountInvoices_Total';
import balanceLabel from '@salesforce/label/c.AccountInvoices_Balance';
import statusLabel from '@salesforce/label/c.Common_Status';
import linesLabel from '@salesforce/label/c.AccountInvoices_Lines';
import linesOfLabel from '@salesforce/label/c.AccountInvoices_Lines_Of';
import sortByLabel from '@salesforce/label/c.Common_Sort_By';
import partialLabel from '@salesforce/label/c.AccountInvoices_Partial';

import { displayValue, errorMessages, fieldValue, numberValue, packageName, qualified, stringValue } from 'c/ldsUtils';
import type { UiRecord } from 'c/ldsUtils';
import { formatDate, formatDateTime, formatLabel, formatMoney, toCents } from 'c/formatters';
import { computeAging, isKnownTimeZone, localIsoDate } from 'c/agingBuckets';
import type { AgingSummary, BucketKey } from 'c/agingBuckets';
import { invoiceBadgeClass } from 'c/statusThemes';

const ACCOUNT_FIELDS = [OPEN_BALANCE_FIELD, OVERDUE_BALANCE_FIELD, LAST_SYNCED_FIELD, COMPANY_TIME_ZONE_FIELD];
const INVOICE_FIELDS = [
  INVOICE_NAME_FIELD,
  TXN_DATE_FIELD,
  DUE_DATE_FIELD,
  TOTAL_FIELD,
  BALANCE_FIELD,
  STATUS_FIELD,
  CURRENCY_FIELD,
].map(qualified);
/** Invoices loaded per request; beyond it the panel says the aging covers the first page only. */
const PAGE_SIZE = 200;

const BUCKET_LABELS: Record<BucketKey, string> = {
  current: bucketCurrentLabel,
  days1to30: bucket1to30Label,
  days31to60: bucket31to60Label,
  days61to90: bucket61to90Label,
  over90: bucketOver90Label,
};

type SortKey = 'number' | 'txnDate' | 'dueDate' | 'totalCents' | 'balanceCents' | 'statusValue';
type SortDirection = 'ascending' | 'descending';

interface InvoiceRow {
  id: string;
  number: string;
  txnDate: string;
  dueDate: string;
  totalCents: number | null;
  balanceCents: number | null;
  statusValue: string;
  currency: string;
  recordUrl: string;
  linesUrl: string;
  linesAriaLabel: string;
  txnDateText: string;
  dueDateText: string;
  totalText: string;
  balanceText: string;
  statusText: string;
  badgeClass: string;
}

interface Column {
  key: SortKey;
  label: string;
  numeric: boolean;
}

const COLUMNS: Column[] = [
  { key: 'number', label: numberLabel, numeric: false },
  { key: 'txnDate', label: dateLabel, numeric: false },
  { key: 'dueDate', label: dueDateLabel, numeric: false },
  { key: 'totalCents', label: totalLabel, numeric: true },
  { key: 'balanceCents', label: balanceLabel, numeric: true },
  { key: 'statusValue', label: statusLabel, numeric: false },
];

function compareRows(a: InvoiceRow, b: InvoiceRow, key: SortKey): number {
  const x = a[key];
  const y = b[key];
  if (x === y) return 0;
  if (x === null || x === '') return 1;
  if (y === null || y === '') return -1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x).localeCompare(String(y), LOCALE, { numeric: true });
}

export default class AccountInvoices extends LightningElement {
  /** Set by the record page. */
  @api recordId?: string;

  labels = {
    title: titleLabel,
    loading: loadingLabel,
    errorTitle: errorTitleLabel,
    empty: emptyLabel,
    openBalance: openBalanceLabel,
    overdue: overdueLabel,
    lastSynced: lastSyncedLabel,
    agingCaption: agingCaptionLabel,
    agingNone: agingNoneLabel,
    currency: currencyLabel,
    tableCaption: tableCaptionLabel,
    lines: linesLabel,
  };

  accountFields = ACCOUNT_FIELDS;
  invoiceFields = INVOICE_FIELDS;
  relatedListId = packageName(INVOICE_ACCOUNT_FIELD.fieldApiName, 'QuickBooks_Invoices__r');
  pageSize = PAGE_SIZE;

  account?: UiRecord;
  accountError?: unknown;
  invoiceRecords?: UiRecord[];
  hasMoreInvoices = false;
  invoicesError?: unknown;
  sortKey: SortKey = 'dueDate';
  sortDirection: SortDirection = 'ascending';

  @wire(getRecord, { recordId: '$recordId', fields: '$accountFields' })
  wiredAccount({ data, error }: { data?: UiRecord; error?: unknown }): void {
    this.account = data;
    this.accountError = error;
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: '$relatedListId',
    fields: '$invoiceFields',
    pageSize: '$pageSize',
  })
  wiredInvoices({
    data,
    error,
  }: {
    data?: { records: UiRecord[]; nextPageToken?: string | null };
    error?: unknown;
  }): void {
    this.invoiceRecords = data?.records;
    this.hasMoreInvoices = Boolean(data?.nextPageToken);
    this.invoicesError = error;
  }

  get errors(): string[] | undefined {
    return errorMessages([this.accountError, this.invoicesError].filter(Boolean));
  }

  get isLoading(): boolean {
    return !this.errors && (!this.account || !this.invoiceRecords);
  }

  get rows(): InvoiceRow[] {
    const rows = (this.invoiceRecords ?? []).map((record) => this.toRow(record));
    const direction = this.sortDirection === 'ascending' ? 1 : -1;
    return rows.sort((a, b) => direction * compareRows(a, b, this.sortKey) || a.number.localeCompare(b.number));
  }

  get hasInvoices(): boolean {
    return (this.invoiceRecords?.length ?? 0) > 0;
  }

  /** The currency of the Account's totals: the invoices' own when they share one, else the user's. */
  get accountCurrency(): string {
    const codes = new Set((this.invoiceRecords ?? []).map((r) => stringValue(r, CURRENCY_FIELD) ?? USER_CURRENCY));
    return codes.size === 1 ? ([...codes][0] as string) : USER_CURRENCY;
  }

  get openBalanceText(): string {
    return formatMoney(toCents(fieldValue(this.account, OPEN_BALANCE_FIELD)) ?? 0, this.accountCurrency, LOCALE);
  }

  get overdueText(): string {
    return formatMoney(toCents(fieldValue(this.account, OVERDUE_BALANCE_FIELD)) ?? 0, this.accountCurrency, LOCALE);
  }

  get isOverdue(): boolean {
    return (toCents(fieldValue(this.account, OVERDUE_BALANCE_FIELD)) ?? 0) > 0;
  }

  get overdueClass(): string {
    return this.isOverdue ? 'slds-text-heading_medium slds-text-color_error' : 'slds-text-heading_medium';
  }

  get lastSyncedText(): string {
    const at = stringValue(this.account, LAST_SYNCED_FIELD);
    return at ? formatDateTime(at, LOCALE, TIME_ZONE) : neverSyncedLabel;
  }

  get partialText(): string {
    return formatLabel(partialLabel, this.invoiceRecords?.length ?? 0);
  }

  get agingHeaders(): { key: BucketKey; label: string }[] {
    return (Object.keys(BUCKET_LABELS) as BucketKey[]).map((key) => ({ key, label: BUCKET_LABELS[key] }));
  }

  /**
   * The QuickBooks company's time zone, as the relay writes it on the connection: invoices are aged
   * on the company's calendar day, the day the relay decides Overdue on. The viewer's own zone
   * only until the relay has written one.
   */
  get companyTimeZone(): string {
    const zone = stringValue(this.account, COMPANY_TIME_ZONE_FIELD);
    return zone && isKnownTimeZone(zone) ? zone : TIME_ZONE;
  }

  get agingRows(): { currency: string; cells: { key: string; text: string; count: number; className: string }[] }[] {
    const today = localIsoDate(new Date(), this.companyTimeZone);
    const summaries: AgingSummary[] = computeAging(
      this.rows.map((r) => ({
        balanceCents: r.balanceCents,
        dueDate: r.dueDate || null,
        currency: r.currency,
        invoiceStatus: r.statusValue,
      })),
      today,
    );
    return summaries.map((s) => ({
      currency: s.currency,
      cells: s.buckets.map((b) => ({
        key: b.key,
        text: formatMoney(b.cents, s.currency, LOCALE),
        count: b.count,
        className: b.key !== 'current' && b.cents > 0 ? 'slds-text-color_error' : '',
      })),
    }));
  }

  get hasAging(): boolean {
    return this.agingRows.length > 0;
  }

  get columns(): (Column & { ariaSort: string; buttonLabel: string; iconName: string; thClass: string })[] {
    return COLUMNS.map((c) => {
      const sorted = c.key === this.sortKey;
      return {
        ...c,
        ariaSort: sorted ? this.sortDirection : 'none',
        buttonLabel: formatLabel(sortByLabel, c.label),
        iconName: sorted && this.sortDirection === 'descending' ? 'utility:arrowdown' : 'utility:arrowup',
        thClass: `slds-is-sortable${sorted ? ' slds-is-sorted' : ''}${c.numeric ? ' slds-text-align_right' : ''}`,
      };
    });
  }

  handleSort(event: Event): void {
    const key = (event.currentTarget as HTMLElement).dataset.key as SortKey;
    if (key === this.sortKey) {
      this.sortDirection = this.sortDirection === 'ascending' ? 'descending' : 'ascending';
    } else {
      this.sortKey = key;
      this.sortDirection = 'ascending';
    }
  }

  private toRow(record: UiRecord): InvoiceRow {
    const currency = stringValue(record, CURRENCY_FIELD) ?? USER_CURRENCY;
    const totalCents = toCents(numberValue(record, TOTAL_FIELD));
    const balanceCents = toCents(numberValue(record, BALANCE_FIELD));
    const statusValue = stringValue(record, STATUS_FIELD) ?? '';
    const number = stringValue(record, INVOICE_NAME_FIELD) ?? record.id;
    const txnDate = stringValue(record, TXN_DATE_FIELD) ?? '';
    const dueDate = stringValue(record, DUE_DATE_FIELD) ?? '';
    const objectApiName = INVOICE_NAME_FIELD.objectApiName;
    const linesRelationship = packageName(LINE_INVOICE_FIELD.fieldApiName, 'Lines__r');
    return {
      id: record.id,
      number,
      txnDate,
      dueDate,
      totalCents,
      balanceCents,
      statusValue,
      currency,
      recordUrl: `/lightning/r/${objectApiName}/${record.id}/view`,
      linesUrl: `/lightning/r/${objectApiName}/${record.id}/related/${linesRelationship}/view`,
      linesAriaLabel: formatLabel(linesOfLabel, number),
      txnDateText: formatDate(txnDate, LOCALE),
      dueDateText: formatDate(dueDate, LOCALE),
      totalText: formatMoney(totalCents, currency, LOCALE),
      balanceText: formatMoney(balanceCents, currency, LOCALE),
      statusText: displayValue(record, STATUS_FIELD) ?? '',
      badgeClass: invoiceBadgeClass(statusValue),
    };
  }
}
