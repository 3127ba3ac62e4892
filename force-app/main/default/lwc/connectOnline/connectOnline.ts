/**
 * @module
 * "Connect QuickBooks Online" (on Setup and health): nobody connects a company without an admin's
 * say, so the button does not link to Intuit itself. It creates a `QuickBooks_Sync_Request__c`
 * (scope Connect QuickBooks Online; with the connection when reconnecting one), follows it with
 * `c-sync-request-status`, and once the relay has answered with a one-time link (`Result__c`,
 * valid 15 minutes, good once) offers that link. A relay that cannot connect says why in the
 * request's result, which the status shows.
 */
import { LightningElement, api } from 'lwc';
import { createRecord } from 'lightning/uiRecordApi';

import REQUEST_OBJECT from '@salesforce/schema/QuickBooks_Sync_Request__c';
import REQUEST_CONNECTION_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Connection__c';
import REQUEST_SCOPE_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Scope__c';
import REQUEST_STATUS_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Status__c';

import openLabel from '@salesforce/label/c.ConnectOnline_Open';
import onceLabel from '@salesforce/label/c.ConnectOnline_Once';
import errorLabel from '@salesforce/label/c.ConnectOnline_Error';

import { errorMessages } from 'c/ldsUtils';
import { connectLink } from 'c/relayLinks';

/** The request scope the relay answers with a connect link. */
const SCOPE = 'Connect QuickBooks Online';

export default class ConnectOnline extends LightningElement {
  /** The connection to reconnect; none: connect a new company. */
  @api connectionId?: string;
  /** The button's text. */
  @api label?: string;
  /** The button's accessible name, when its text alone does not say what it connects. */
  @api accessibleName?: string;
  /** A brand (primary) button: the connection needs it now. */
  @api brand = false;

  labels = { open: openLabel, once: onceLabel, error: errorLabel };
  requestId?: string;
  createdAtMs?: number;
  creating = false;
  error?: unknown;
  link: string | null = null;

  get buttonClass(): string {
    return this.brand ? 'slds-button slds-button_brand' : 'slds-button slds-button_neutral';
  }

  get errors(): string[] | undefined {
    return errorMessages(this.error);
  }

  async handleClick(): Promise<void> {
    if (this.creating) return;
    this.creating = true;
    this.error = undefined;
    this.link = null;
    this.requestId = undefined;
    try {
      const created = await createRecord({
        apiName: REQUEST_OBJECT.objectApiName,
        fields: {
          [REQUEST_SCOPE_FIELD.fieldApiName]: SCOPE,
          [REQUEST_STATUS_FIELD.fieldApiName]: 'Requested',
          ...(this.connectionId ? { [REQUEST_CONNECTION_FIELD.fieldApiName]: this.connectionId } : {}),
        },
      });
      this.requestId = created.id;
      this.createdAtMs = Date.now();
    } catch (error) {
      this.error = error;
    } finally {
      this.creating = false;
    }
  }

  handleStatus(event: CustomEvent<{ status: string; terminal: boolean; result: string | null }>): void {
    const { status, terminal, result } = event.detail;
    this.link = terminal && status === 'Completed' ? connectLink(result) : null;
  }
}
