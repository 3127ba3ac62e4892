/**
 * @module
 * QuickBooks panel of the Account record page. "Sync to QuickBooks" turns the Account's
 * `QuickBooks_Sync_Enabled__c` on or off through LDS `updateRecord` (saving, saved, or the reason it
 * was not saved; the toggle goes back), and the panel shows what the relay wrote of the Account's
 * QuickBooks customer: its id in the company (`QuickBooks_Customer_Id__c`, linked to the company's
 * connection record) and full name, department and class, sync status and when it was last synced.
 * An Account with no QuickBooks customer says so, and what turning sync on does. Data comes from
 * LDS (`getRecord`); no Apex.
 */
import { LightningElement, api, wire } from 'lwc';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';

import ENABLED_FIELD from '@salesforce/schema/Account.QuickBooks_Sync_Enabled__c';
import CUSTOMER_ID_FIELD from '@salesforce/schema/Account.QuickBooks_Customer_Id__c';
import FULL_NAME_FIELD from '@salesforce/schema/Account.QuickBooks_Full_Name__c';
import DEPARTMENT_FIELD from '@salesforce/schema/Account.QuickBooks_Department__c';
import CLASS_FIELD from '@salesforce/schema/Account.QuickBooks_Class__c';
import SYNC_STATUS_FIELD from '@salesforce/schema/Account.QuickBooks_Sync_Status__c';
import LAST_SYNCED_FIELD from '@salesforce/schema/Account.QuickBooks_Last_Synced_At__c';
import CONNECTION_FIELD from '@salesforce/schema/Account.QuickBooks_Connection__c';
import COMPANY_FIELD from '@salesforce/schema/Account.QuickBooks_Connection__r.Name';

import titleLabel from '@salesforce/label/c.AccountQuickBooks_Title';
import loadingLabel from '@salesforce/label/c.Common_Loading';
import errorLabel from '@salesforce/label/c.AccountQuickBooks_Error';
import syncStatusLabel from '@salesforce/label/c.Common_Sync_Status';
import toggleLabel from '@salesforce/label/c.AccountQuickBooks_Toggle';
import onLabel from '@salesforce/label/c.AccountQuickBooks_On';
import offLabel from '@salesforce/label/c.AccountQuickBooks_Off';
import savingLabel from '@salesforce/label/c.AccountQuickBooks_Saving';
import savedOnLabel from '@salesforce/label/c.AccountQuickBooks_Saved_On';
import savedOffLabel from '@salesforce/label/c.AccountQuickBooks_Saved_Off';
import notSavedLabel from '@salesforce/label/c.AccountQuickBooks_Not_Saved';
import customerLabel from '@salesforce/label/c.AccountQuickBooks_Customer';
import companyLabel from '@salesforce/label/c.AccountQuickBooks_Company';
import companyLinkLabel from '@salesforce/label/c.AccountQuickBooks_Company_Link';
import departmentLabel from '@salesforce/label/c.AccountQuickBooks_Department';
import classLabel from '@salesforce/label/c.AccountQuickBooks_Class';
import lastSyncedLabel from '@salesforce/label/c.AccountQuickBooks_Last_Synced';
import noneLabel from '@salesforce/label/c.AccountQuickBooks_None';
import neverLabel from '@salesforce/label/c.AccountQuickBooks_Never';
import notLinkedOnLabel from '@salesforce/label/c.AccountQuickBooks_Not_Linked_On';
import notLinkedOffLabel from '@salesforce/label/c.AccountQuickBooks_Not_Linked_Off';

import { displayValue, errorMessages, fieldValue, reduceErrors, stringValue } from 'c/ldsUtils';
import type { UiRecord } from 'c/ldsUtils';
import { formatDateTime, formatLabel } from 'c/formatters';
import { recordSyncBadgeClass } from 'c/statusThemes';
import { quickBooksId } from 'c/recordSyncLog';

type Save = 'idle' | 'saving' | 'saved' | 'failed';

export default class AccountQuickBooks extends LightningElement {
  /** Set by the record page. */
  @api recordId?: string;

  labels = {
    title: titleLabel,
    loading: loadingLabel,
    error: errorLabel,
    syncStatus: syncStatusLabel,
    toggle: toggleLabel,
    on: onLabel,
    off: offLabel,
    saving: savingLabel,
    notSaved: notSavedLabel,
    customer: customerLabel,
    company: companyLabel,
    department: departmentLabel,
    klass: classLabel,
    lastSynced: lastSyncedLabel,
  };

  fields = [ENABLED_FIELD, CUSTOMER_ID_FIELD, SYNC_STATUS_FIELD, LAST_SYNCED_FIELD];
  optionalFields = [FULL_NAME_FIELD, DEPARTMENT_FIELD, CLASS_FIELD, CONNECTION_FIELD, COMPANY_FIELD];

  account?: UiRecord;
  loadError?: unknown;
  save: Save = 'idle';
  /** The value being saved or saved, shown until LDS delivers the record with it; or undefined. */
  pending?: boolean;
  saveErrors: string[] = [];
  /** What the last save set, for the words that say what it does. */
  saved?: boolean;

  @wire(getRecord, { recordId: '$recordId', fields: '$fields', optionalFields: '$optionalFields' })
  wiredAccount({ data, error }: { data?: UiRecord; error?: unknown }): void {
    this.account = data;
    this.loadError = error;
    if (data && fieldValue(data, ENABLED_FIELD) === this.pending) this.pending = undefined;
  }

  get errors(): string[] | undefined {
    return errorMessages(this.loadError ? [this.loadError] : []);
  }

  get isLoading(): boolean {
    return !this.errors && !this.account;
  }

  get enabled(): boolean {
    return this.pending ?? fieldValue(this.account, ENABLED_FIELD) === true;
  }

  get isSaving(): boolean {
    return this.save === 'saving';
  }

  get isFailed(): boolean {
    return this.save === 'failed';
  }

  /** What the polite live region says: saving, saved (and what that does), or nothing. */
  get saveText(): string {
    if (this.save === 'saving') return savingLabel;
    if (this.save === 'saved') return this.saved ? savedOnLabel : savedOffLabel;
    return '';
  }

  get customerId(): string | null {
    return quickBooksId(stringValue(this.account, CUSTOMER_ID_FIELD));
  }

  get fullName(): string {
    return stringValue(this.account, FULL_NAME_FIELD) ?? '';
  }

  get companyName(): string {
    return stringValue(this.account, COMPANY_FIELD) ?? '';
  }

  get companyUrl(): string {
    return `/lightning/r/QuickBooks_Connection__c/${stringValue(this.account, CONNECTION_FIELD) ?? ''}/view`;
  }

  get companyLinkLabel(): string {
    return formatLabel(companyLinkLabel, this.companyName);
  }

  get department(): string {
    return stringValue(this.account, DEPARTMENT_FIELD) ?? noneLabel;
  }

  get klass(): string {
    return stringValue(this.account, CLASS_FIELD) ?? noneLabel;
  }

  get syncStatusText(): string {
    return displayValue(this.account, SYNC_STATUS_FIELD) ?? '';
  }

  get syncBadgeClass(): string {
    return recordSyncBadgeClass(stringValue(this.account, SYNC_STATUS_FIELD));
  }

  get lastSyncedText(): string {
    const at = stringValue(this.account, LAST_SYNCED_FIELD);
    return at ? formatDateTime(at, LOCALE, TIME_ZONE) : neverLabel;
  }

  /** An Account with no QuickBooks customer: what turning sync on does, or that it is on its way. */
  get notLinkedText(): string {
    return this.enabled ? notLinkedOnLabel : notLinkedOffLabel;
  }

  async handleToggle(event: Event): Promise<void> {
    const checked = (event.target as HTMLInputElement).checked;
    if (!this.recordId) return;
    this.pending = checked;
    this.save = 'saving';
    this.saveErrors = [];
    try {
      await updateRecord({ fields: { Id: this.recordId, [ENABLED_FIELD.fieldApiName]: checked } });
      this.saved = checked;
      this.save = 'saved';
      if (fieldValue(this.account, ENABLED_FIELD) === checked) this.pending = undefined;
    } catch (e) {
      this.pending = undefined;
      this.saveErrors = reduceErrors(e);
      this.save = 'failed';
    }
  }
}
