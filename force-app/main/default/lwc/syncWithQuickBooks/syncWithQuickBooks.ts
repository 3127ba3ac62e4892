/**
 * @module
 * "Sync with QuickBooks" (Account quick action, screen action): creates a
 * `QuickBooks_Sync_Request__c` (scope Account) for this Account through LDS `createRecord`, then
 * follows it with `c-sync-request-status` as the relay moves it to Completed or Failed.
 */
import { LightningElement, api, wire } from 'lwc';
import { createRecord, getRecord } from 'lightning/uiRecordApi';
import { CloseActionScreenEvent } from 'lightning/actions';

import ACCOUNT_NAME_FIELD from '@salesforce/schema/Account.Name';
import ACCOUNT_CONNECTION_FIELD from '@salesforce/schema/Account.QuickBooks_Connection__c';
import ACCOUNT_EDITION_FIELD from '@salesforce/schema/Account.QuickBooks_Connection__r.Edition__c';
import REQUEST_OBJECT from '@salesforce/schema/QuickBooks_Sync_Request__c';
import REQUEST_ACCOUNT_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Account__c';
import REQUEST_CONNECTION_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Connection__c';
import REQUEST_SCOPE_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Scope__c';
import REQUEST_STATUS_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Status__c';

import titleLabel from '@salesforce/label/c.SyncQuickBooks_Title';
import introLabel from '@salesforce/label/c.SyncQuickBooks_Intro';
import requestLabel from '@salesforce/label/c.SyncQuickBooks_Request';
import requestingLabel from '@salesforce/label/c.SyncQuickBooks_Requesting';
import createdLabel from '@salesforce/label/c.SyncQuickBooks_Created';
import createErrorLabel from '@salesforce/label/c.SyncQuickBooks_Create_Error';
import accountErrorLabel from '@salesforce/label/c.SyncQuickBooks_Account_Error';
import closeLabel from '@salesforce/label/c.Common_Close';
import thisAccountLabel from '@salesforce/label/c.Common_This_Account';

import { errorMessages, stringValue } from 'c/ldsUtils';
import type { UiRecord } from 'c/ldsUtils';
import { formatLabel } from 'c/formatters';

export default class SyncWithQuickBooks extends LightningElement {
  /** The Account; set by the quick action (possibly after the first render). */
  @api recordId?: string;

  labels = { title: titleLabel, close: closeLabel, createError: createErrorLabel, accountError: accountErrorLabel };
  accountFields = [ACCOUNT_NAME_FIELD, ACCOUNT_CONNECTION_FIELD];
  accountOptionalFields = [ACCOUNT_EDITION_FIELD];
  account?: UiRecord;
  accountError?: unknown;
  requestId?: string;
  requestName?: string;
  createdAtMs?: number;
  creating = false;
  createError?: unknown;

  @wire(getRecord, { recordId: '$recordId', fields: '$accountFields', optionalFields: '$accountOptionalFields' })
  wiredAccount({ data, error }: { data?: UiRecord; error?: unknown }): void {
    this.account = data;
    this.accountError = error;
  }

  get introText(): string {
    return formatLabel(introLabel, stringValue(this.account, ACCOUNT_NAME_FIELD) ?? thisAccountLabel);
  }

  get edition(): string | undefined {
    return stringValue(this.account, ACCOUNT_EDITION_FIELD) ?? undefined;
  }

  get hasRequest(): boolean {
    return Boolean(this.requestId);
  }

  get requestButtonLabel(): string {
    return this.creating ? requestingLabel : requestLabel;
  }

  get requestDisabled(): boolean {
    return this.creating || !this.recordId;
  }

  get createdText(): string {
    return formatLabel(createdLabel, this.requestName ?? '');
  }

  get accountErrors(): string[] | undefined {
    return errorMessages(this.accountError);
  }

  get createErrors(): string[] | undefined {
    return errorMessages(this.createError);
  }

  async handleRequest(): Promise<void> {
    if (!this.recordId || this.creating) return;
    this.creating = true;
    this.createError = undefined;
    const fields: Record<string, unknown> = {
      [REQUEST_ACCOUNT_FIELD.fieldApiName]: this.recordId,
      [REQUEST_SCOPE_FIELD.fieldApiName]: 'Account',
      [REQUEST_STATUS_FIELD.fieldApiName]: 'Requested',
    };
    const connectionId = stringValue(this.account, ACCOUNT_CONNECTION_FIELD);
    if (connectionId) fields[REQUEST_CONNECTION_FIELD.fieldApiName] = connectionId;
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
