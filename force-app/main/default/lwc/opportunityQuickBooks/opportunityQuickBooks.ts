/**
 * @module
 * QuickBooks panel of the Opportunity record page: what the deal became in QuickBooks, as the relay
 * writes it. Synced: the invoice mirror (`QuickBooks_Invoice__c` whose Opportunity is this deal) with
 * its number, status, total and balance to the cent and due date, linked; or the sales order
 * QuickBooks holds for it. Queued: waiting for the next Web Connector run (Desktop) or moments away
 * (Online), per the connection's `Edition__c`. Failed (or Needs Review): the reason in words from
 * the deal's open Sync Log, linked. Not sent: a deal that is not won. Data comes from LDS
 * (`getRecord`, `getRelatedListRecords`).
 */
import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import LOCALE from '@salesforce/i18n/locale';
import USER_CURRENCY from '@salesforce/i18n/currency';

import STAGE_FIELD from '@salesforce/schema/Opportunity.StageName';
import SYNC_STATUS_FIELD from '@salesforce/schema/Opportunity.QuickBooks_Sync_Status__c';
import INVOICE_ID_FIELD from '@salesforce/schema/Opportunity.QuickBooks_Invoice_Id__c';
import SALES_ORDER_ID_FIELD from '@salesforce/schema/Opportunity.QuickBooks_Sales_Order_Id__c';
import EDITION_FIELD from '@salesforce/schema/Opportunity.Account.QuickBooks_Connection__r.Edition__c';
import INVOICE_OPPORTUNITY_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Opportunity__c';
import INVOICE_NAME_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Name';
import INVOICE_STATUS_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Status__c';
import TOTAL_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Total_Amount__c';
import BALANCE_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Balance__c';
import DUE_DATE_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Due_Date__c';
import CURRENCY_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Currency_Code__c';
import LOG_OPPORTUNITY_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Opportunity__c';
import LOG_NAME_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Name';
import LOG_STATUS_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Status__c';
import LOG_MESSAGE_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Error_Message__c';

import titleLabel from '@salesforce/label/c.OpportunityQuickBooks_Title';
import loadingLabel from '@salesforce/label/c.Common_Loading';
import errorLabel from '@salesforce/label/c.OpportunityQuickBooks_Error';
import syncStatusLabel from '@salesforce/label/c.Common_Sync_Status';
import invoiceLabel from '@salesforce/label/c.OpportunityQuickBooks_Invoice';
import openInvoiceLabel from '@salesforce/label/c.OpportunityQuickBooks_Open_Invoice';
import invoiceStatusLabel from '@salesforce/label/c.OpportunityQuickBooks_Invoice_Status';
import totalLabel from '@salesforce/label/c.OpportunityQuickBooks_Total';
import balanceLabel from '@salesforce/label/c.OpportunityQuickBooks_Balance';
import dueDateLabel from '@salesforce/label/c.OpportunityQuickBooks_Due_Date';
import notMirroredLabel from '@salesforce/label/c.OpportunityQuickBooks_Not_Mirrored';
import salesOrderLabel from '@salesforce/label/c.OpportunityQuickBooks_Sales_Order';
import queuedDesktopLabel from '@salesforce/label/c.OpportunityQuickBooks_Queued_Desktop';
import queuedOnlineLabel from '@salesforce/label/c.OpportunityQuickBooks_Queued_Online';
import queuedLabel from '@salesforce/label/c.OpportunityQuickBooks_Queued';
import failedLabel from '@salesforce/label/c.OpportunityQuickBooks_Failed';
import reviewLabel from '@salesforce/label/c.OpportunityQuickBooks_Review';
import notSentLabel from '@salesforce/label/c.OpportunityQuickBooks_Not_Sent';
import noReasonLabel from '@salesforce/label/c.Common_No_Reason';
import openLogLabel from '@salesforce/label/c.Common_Open_Sync_Log';

import { displayValue, errorMessages, packageName, qualified, stringValue } from 'c/ldsUtils';
import type { UiRecord } from 'c/ldsUtils';
import { formatDate, formatLabel, formatMoney, toCents } from 'c/formatters';
import { invoiceBadgeClass, recordSyncBadgeClass } from 'c/statusThemes';
import { openLog, quickBooksId } from 'c/recordSyncLog';
import type { OpenLog } from 'c/recordSyncLog';

const INVOICE_FIELDS = [
  INVOICE_NAME_FIELD,
  INVOICE_STATUS_FIELD,
  TOTAL_FIELD,
  BALANCE_FIELD,
  DUE_DATE_FIELD,
  CURRENCY_FIELD,
].map(qualified);
const LOG_FIELDS = [LOG_NAME_FIELD, LOG_STATUS_FIELD, LOG_MESSAGE_FIELD].map(qualified);
const LOG_TEXT = { name: LOG_NAME_FIELD, status: LOG_STATUS_FIELD, message: LOG_MESSAGE_FIELD };
/** The stage from which the relay sends a deal to QuickBooks. */
const WON = 'Closed Won';

type State = 'synced' | 'queued' | 'failed' | 'notSent';

interface InvoiceView {
  id: string;
  number: string;
  url: string;
  ariaLabel: string;
  statusText: string;
  badgeClass: string;
  totalText: string;
  balanceText: string;
  dueDateText: string;
}

export default class OpportunityQuickBooks extends LightningElement {
  /** Set by the record page. */
  @api recordId?: string;

  labels = {
    title: titleLabel,
    loading: loadingLabel,
    error: errorLabel,
    syncStatus: syncStatusLabel,
    invoice: invoiceLabel,
    invoiceStatus: invoiceStatusLabel,
    total: totalLabel,
    balance: balanceLabel,
    dueDate: dueDateLabel,
    notMirrored: notMirroredLabel,
  };

  fields = [STAGE_FIELD, SYNC_STATUS_FIELD, INVOICE_ID_FIELD, SALES_ORDER_ID_FIELD];
  optionalFields = [EDITION_FIELD];
  invoiceListId = packageName(INVOICE_OPPORTUNITY_FIELD.fieldApiName, 'QuickBooks_Invoices__r');
  invoiceFields = INVOICE_FIELDS;
  logListId = packageName(LOG_OPPORTUNITY_FIELD.fieldApiName, 'QuickBooks_Sync_Logs__r');
  logFields = LOG_FIELDS;
  logSort = [`-${qualified(LOG_NAME_FIELD)}`];

  deal?: UiRecord;
  dealError?: unknown;
  invoices?: UiRecord[];
  invoicesError?: unknown;
  logs?: UiRecord[];
  logsError?: unknown;

  @wire(getRecord, { recordId: '$recordId', fields: '$fields', optionalFields: '$optionalFields' })
  wiredDeal({ data, error }: { data?: UiRecord; error?: unknown }): void {
    this.deal = data;
    this.dealError = error;
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: '$invoiceListId',
    fields: '$invoiceFields',
    pageSize: 1,
  })
  wiredInvoices({ data, error }: { data?: { records: UiRecord[] }; error?: unknown }): void {
    this.invoices = data?.records;
    this.invoicesError = error;
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: '$logListId',
    fields: '$logFields',
    sortBy: '$logSort',
    pageSize: 5,
  })
  wiredLogs({ data, error }: { data?: { records: UiRecord[] }; error?: unknown }): void {
    this.logs = data?.records;
    this.logsError = error;
  }

  get errors(): string[] | undefined {
    return errorMessages([this.dealError, this.invoicesError, this.logsError].filter(Boolean));
  }

  get isLoading(): boolean {
    return !this.errors && (!this.deal || !this.invoices || !this.logs);
  }

  get syncStatus(): string | null {
    return stringValue(this.deal, SYNC_STATUS_FIELD);
  }

  get syncStatusText(): string {
    return displayValue(this.deal, SYNC_STATUS_FIELD) ?? '';
  }

  get syncBadgeClass(): string {
    return recordSyncBadgeClass(this.syncStatus);
  }

  get failure(): OpenLog | undefined {
    return openLog(this.logs, LOG_TEXT);
  }

  get invoice(): InvoiceView | undefined {
    const record = this.invoices?.[0];
    if (!record) return undefined;
    const currency = stringValue(record, CURRENCY_FIELD) ?? USER_CURRENCY;
    const number = stringValue(record, INVOICE_NAME_FIELD) ?? record.id;
    return {
      id: record.id,
      number,
      url: `/lightning/r/${INVOICE_NAME_FIELD.objectApiName}/${record.id}/view`,
      ariaLabel: formatLabel(openInvoiceLabel, number),
      statusText: displayValue(record, INVOICE_STATUS_FIELD) ?? '',
      badgeClass: invoiceBadgeClass(stringValue(record, INVOICE_STATUS_FIELD)),
      totalText: formatMoney(toCents(stringValue(record, TOTAL_FIELD)), currency, LOCALE),
      balanceText: formatMoney(toCents(stringValue(record, BALANCE_FIELD)), currency, LOCALE),
      dueDateText: formatDate(stringValue(record, DUE_DATE_FIELD), LOCALE),
    };
  }

  get salesOrderId(): string | null {
    return quickBooksId(stringValue(this.deal, SALES_ORDER_ID_FIELD));
  }

  get salesOrderText(): string {
    return formatLabel(salesOrderLabel, this.salesOrderId ?? '');
  }

  /** Synced once QuickBooks holds the deal; else failed, queued on its way, or not sent at all. */
  get state(): State {
    const status = this.syncStatus;
    if (this.invoice || stringValue(this.deal, INVOICE_ID_FIELD) || this.salesOrderId) return 'synced';
    if (status === 'Failed' || status === 'Needs Review' || this.failure) return 'failed';
    if (status === 'Queued' || stringValue(this.deal, STAGE_FIELD) === WON) return 'queued';
    return 'notSent';
  }

  get isSynced(): boolean {
    return this.state === 'synced';
  }

  get isFailed(): boolean {
    return this.state === 'failed';
  }

  get isQueued(): boolean {
    return this.state === 'queued';
  }

  get queuedText(): string {
    const edition = stringValue(this.deal, EDITION_FIELD);
    return edition === 'Desktop' ? queuedDesktopLabel : edition === 'Online' ? queuedOnlineLabel : queuedLabel;
  }

  get failedText(): string {
    return this.syncStatus === 'Needs Review' ? reviewLabel : failedLabel;
  }

  get failureReason(): string {
    return this.failure?.reason ?? noReasonLabel;
  }

  get logAriaLabel(): string {
    return formatLabel(openLogLabel, this.failure?.logName ?? '');
  }

  get notSentText(): string {
    return formatLabel(notSentLabel, displayValue(this.deal, STAGE_FIELD) ?? '');
  }
}
