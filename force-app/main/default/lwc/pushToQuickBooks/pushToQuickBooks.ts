/**
 * @module
 * "Push to QuickBooks" (Opportunity quick action, screen action): reads the deal (`getRecord`, and
 * its invoice mirror through `getRelatedListRecords` for the number) and refuses, in words, a deal
 * that is not won or that QuickBooks already holds (its invoice number, or its sales order). Otherwise
 * it says when the deal lands (the next Web Connector run for Desktop, moments for Online, by the
 * Account's connection `Edition__c`), creates a `QuickBooks_Sync_Request__c` (scope Opportunity)
 * through LDS `createRecord`, then follows it with `c-sync-request-status` as the relay answers it
 * and moves it to Completed or Failed.
 */
import { LightningElement, api, wire } from 'lwc';
import { createRecord, getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { CloseActionScreenEvent } from 'lightning/actions';

import NAME_FIELD from '@salesforce/schema/Opportunity.Name';
import STAGE_FIELD from '@salesforce/schema/Opportunity.StageName';
import SYNC_STATUS_FIELD from '@salesforce/schema/Opportunity.QuickBooks_Sync_Status__c';
import INVOICE_ID_FIELD from '@salesforce/schema/Opportunity.QuickBooks_Invoice_Id__c';
import SALES_ORDER_ID_FIELD from '@salesforce/schema/Opportunity.QuickBooks_Sales_Order_Id__c';
import EDITION_FIELD from '@salesforce/schema/Opportunity.Account.QuickBooks_Connection__r.Edition__c';
import INVOICE_OPPORTUNITY_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Opportunity__c';
import INVOICE_NAME_FIELD from '@salesforce/schema/QuickBooks_Invoice__c.Name';
import REQUEST_OBJECT from '@salesforce/schema/QuickBooks_Sync_Request__c';
import REQUEST_OPPORTUNITY_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Opportunity__c';
import REQUEST_SCOPE_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Scope__c';
import REQUEST_STATUS_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Status__c';

import titleLabel from '@salesforce/label/c.PushQuickBooks_Title';
import introLabel from '@salesforce/label/c.PushQuickBooks_Intro';
import whenDesktopLabel from '@salesforce/label/c.PushQuickBooks_When_Desktop';
import whenOnlineLabel from '@salesforce/label/c.PushQuickBooks_When_Online';
import requestLabel from '@salesforce/label/c.PushQuickBooks_Request';
import requestingLabel from '@salesforce/label/c.PushQuickBooks_Requesting';
import createdLabel from '@salesforce/label/c.PushQuickBooks_Created';
import createErrorLabel from '@salesforce/label/c.PushQuickBooks_Create_Error';
import dealErrorLabel from '@salesforce/label/c.PushQuickBooks_Deal_Error';
import refusedLabel from '@salesforce/label/c.PushQuickBooks_Refused';
import notWonLabel from '@salesforce/label/c.PushQuickBooks_Not_Won';
import inQuickBooksLabel from '@salesforce/label/c.PushQuickBooks_In_QuickBooks';
import inQuickBooksSalesOrderLabel from '@salesforce/label/c.PushQuickBooks_In_QuickBooks_Sales_Order';
import loadingLabel from '@salesforce/label/c.Common_Loading';
import closeLabel from '@salesforce/label/c.Common_Close';
import thisOpportunityLabel from '@salesforce/label/c.Common_This_Opportunity';

import { displayValue, errorMessages, packageName, qualified, stringValue } from 'c/ldsUtils';
import type { UiRecord } from 'c/ldsUtils';
import { formatLabel } from 'c/formatters';
import { quickBooksId } from 'c/recordSyncLog';

/** The stage from which the relay sends a deal to QuickBooks. */
const WON = 'Closed Won';

type State = 'loading' | 'notWon' | 'inQuickBooks' | 'ready';

export default class PushToQuickBooks extends LightningElement {
  /** The Opportunity; set by the quick action (possibly after the first render). */
  @api recordId?: string;

  labels = {
    title: titleLabel,
    close: closeLabel,
    loading: loadingLabel,
    createError: createErrorLabel,
    dealError: dealErrorLabel,
    refused: refusedLabel,
  };
  fields = [NAME_FIELD, STAGE_FIELD, SYNC_STATUS_FIELD, INVOICE_ID_FIELD, SALES_ORDER_ID_FIELD];
  optionalFields = [EDITION_FIELD];
  invoiceListId = packageName(INVOICE_OPPORTUNITY_FIELD.fieldApiName, 'QuickBooks_Invoices__r');
  invoiceFields = [qualified(INVOICE_NAME_FIELD)];
  deal?: UiRecord;
  dealError?: unknown;
  invoices?: UiRecord[];
  requestId?: string;
  requestName?: string;
  createdAtMs?: number;
  creating = false;
  createError?: unknown;

  @wire(getRecord, { recordId: '$recordId', fields: '$fields', optionalFields: '$optionalFields' })
  wiredDeal({ data, error }: { data?: UiRecord; error?: unknown }): void {
    this.deal = data;
    this.dealError = error;
  }

  /** The invoice mirror, for its number; a missing list (no access) leaves the QuickBooks id to show. */
  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: '$invoiceListId',
    fields: '$invoiceFields',
    pageSize: 1,
  })
  wiredInvoices({ data }: { data?: { records: UiRecord[] }; error?: unknown }): void {
    this.invoices = data?.records;
  }

  get dealName(): string {
    return stringValue(this.deal, NAME_FIELD) ?? thisOpportunityLabel;
  }

  get invoiceNumber(): string | null {
    const mirror = this.invoices?.[0];
    return (
      (mirror && stringValue(mirror, INVOICE_NAME_FIELD)) ?? quickBooksId(stringValue(this.deal, INVOICE_ID_FIELD))
    );
  }

  get salesOrderId(): string | null {
    return quickBooksId(stringValue(this.deal, SALES_ORDER_ID_FIELD));
  }

  /** What the deal allows: nothing until read; a deal not won or already in QuickBooks is refused. */
  get state(): State {
    if (!this.deal) return 'loading';
    if (stringValue(this.deal, INVOICE_ID_FIELD) || this.salesOrderId) return 'inQuickBooks';
    if (stringValue(this.deal, STAGE_FIELD) !== WON) return 'notWon';
    return 'ready';
  }

  get isLoading(): boolean {
    return this.state === 'loading' && !this.dealErrors;
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  get refusedText(): string | undefined {
    if (this.state === 'notWon')
      return formatLabel(notWonLabel, this.dealName, displayValue(this.deal, STAGE_FIELD) ?? '');
    if (this.state !== 'inQuickBooks') return undefined;
    const invoice = this.invoiceNumber;
    return invoice
      ? formatLabel(inQuickBooksLabel, this.dealName, invoice)
      : formatLabel(inQuickBooksSalesOrderLabel, this.dealName, this.salesOrderId ?? '');
  }

  get introText(): string {
    return formatLabel(introLabel, this.dealName);
  }

  get edition(): string | undefined {
    return stringValue(this.deal, EDITION_FIELD) ?? undefined;
  }

  /** When the deal lands, by its company's edition; unknown until the Account names one. */
  get whenText(): string | undefined {
    const edition = this.edition;
    return edition === 'Desktop' ? whenDesktopLabel : edition === 'Online' ? whenOnlineLabel : undefined;
  }

  get hasRequest(): boolean {
    return Boolean(this.requestId);
  }

  get requestButtonLabel(): string {
    return this.creating ? requestingLabel : requestLabel;
  }

  get requestDisabled(): boolean {
    return this.creating || !this.recordId || !this.isReady;
  }

  get createdText(): string {
    return formatLabel(createdLabel, this.requestName ?? '');
  }

  get dealErrors(): string[] | undefined {
    return errorMessages(this.dealError);
  }

  get createErrors(): string[] | undefined {
    return errorMessages(this.createError);
  }

  async handleRequest(): Promise<void> {
    if (!this.recordId || this.creating || !this.isReady) return;
    this.creating = true;
    this.createError = undefined;
    const fields: Record<string, unknown> = {
      [REQUEST_OPPORTUNITY_FIELD.fieldApiName]: this.recordId,
      [REQUEST_SCOPE_FIELD.fieldApiName]: 'Opportunity',
      [REQUEST_STATUS_FIELD.fieldApiName]: 'Requested',
    };
    try {
      const created = await createRecord({ apiName: REQUEST_OBJECT.objectApiName, fields });
      this.createdAtMs = Date.now();
      this.requestName = (created.fields?.Name?.value as string | undefined) ?? created.id;
      this.requestId = created.id;
    } catch (error) {
      this.createError = error;
    } finally {
      this.creating = false;
    }
  }

  handleClose(): void {
    this.dispatchEvent(new CloseActionScreenEvent());
  }
}
