/**
 * @module
 * Setup and health (Ledgerbridge app home): every QuickBooks connection with its status, company,
 * last contact and success, last error in words and pending/failed counts, the last reconciliation's
 * result (in agreement as of when, or how many differences; written by the relay); its directions,
 * with the Salesforce → QuickBooks direction's waiting and failed counts and how Salesforce's
 * changes reach the relay (change events, or polling and why); "Check connection"
 * creates a Health Check sync request and follows it; Desktop connections show the Web Connector
 * set-up steps with the `.qwc` download, and, when one stopped syncing (Needs Reauthorization, or
 * Offline after contact), what the admin does in words (the Web Connector: add the `.qwc` again and
 * its password; Conductor: `ledgerbridge connect conductor --end-user …`); Online ones reconnect
 * through `c-connect-online` ("Reconnect" when they Need Reauthorization: a Connect QuickBooks
 * Online request naming the connection, answered with a one-time link), which also connects a new
 * company from the card's header.
 */
import { LightningElement, wire } from 'lwc';
import { createRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { getListRecordsByName } from 'lightning/uiListsApi';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';

import CONNECTION_OBJECT from '@salesforce/schema/QuickBooks_Connection__c';
import NAME_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Name';
import STATUS_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Status__c';
import COMPANY_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Company_Name__c';
import EDITION_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Edition__c';
import LAST_CONTACT_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Last_Contact_At__c';
import LAST_SUCCESS_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Last_Success_At__c';
import LAST_ERROR_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Last_Error__c';
import PENDING_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Pending_Count__c';
import FAILED_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Failed_Count__c';
import RELAY_URL_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Relay_URL__c';
import KEY_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Connection_Key__c';
import RECONCILED_AT_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Last_Reconciled_At__c';
import RECONCILIATION_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Reconciliation_Result__c';
import DIFFERENCES_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Reconciliation_Differences__c';
import TO_BOOKS_PENDING_FIELD from '@salesforce/schema/QuickBooks_Connection__c.To_QuickBooks_Pending__c';
import TO_BOOKS_FAILED_FIELD from '@salesforce/schema/QuickBooks_Connection__c.To_QuickBooks_Failed__c';
import CHANGES_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Salesforce_Changes__c';
import REQUEST_OBJECT from '@salesforce/schema/QuickBooks_Sync_Request__c';
import REQUEST_CONNECTION_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Connection__c';
import REQUEST_SCOPE_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Scope__c';
import REQUEST_STATUS_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Status__c';

import titleLabel from '@salesforce/label/c.ConnectionHealth_Title';
import errorLabel from '@salesforce/label/c.ConnectionHealth_Error';
import emptyLabel from '@salesforce/label/c.ConnectionHealth_Empty';
import loadingLabel from '@salesforce/label/c.Common_Loading';
import companyLabel from '@salesforce/label/c.ConnectionHealth_Company';
import editionLabel from '@salesforce/label/c.ConnectionHealth_Edition';
import lastContactLabel from '@salesforce/label/c.ConnectionHealth_Last_Contact';
import lastSuccessLabel from '@salesforce/label/c.ConnectionHealth_Last_Success';
import pendingLabel from '@salesforce/label/c.ConnectionHealth_Pending';
import failedLabel from '@salesforce/label/c.ConnectionHealth_Failed';
import neverLabel from '@salesforce/label/c.ConnectionHealth_Never';
import lastErrorLabel from '@salesforce/label/c.ConnectionHealth_Last_Error';
import checkLabel from '@salesforce/label/c.ConnectionHealth_Check';
import checkOfLabel from '@salesforce/label/c.ConnectionHealth_Check_Of';
import checkErrorLabel from '@salesforce/label/c.ConnectionHealth_Check_Error';
import desktopSetupLabel from '@salesforce/label/c.ConnectionHealth_Desktop_Setup';
import desktopStep1Label from '@salesforce/label/c.ConnectionHealth_Desktop_Step_1';
import desktopStep2Label from '@salesforce/label/c.ConnectionHealth_Desktop_Step_2';
import desktopStep3Label from '@salesforce/label/c.ConnectionHealth_Desktop_Step_3';
import desktopStep4Label from '@salesforce/label/c.ConnectionHealth_Desktop_Step_4';
import desktopStep5Label from '@salesforce/label/c.ConnectionHealth_Desktop_Step_5';
import downloadQwcLabel from '@salesforce/label/c.ConnectionHealth_Download_Qwc';
import downloadQwcOfLabel from '@salesforce/label/c.ConnectionHealth_Download_Qwc_Of';
import noRelayUrlLabel from '@salesforce/label/c.ConnectionHealth_No_Relay_Url';
import reconnectLabel from '@salesforce/label/c.ConnectionHealth_Online_Reconnect';
import authorizeLabel from '@salesforce/label/c.ConnectionHealth_Online_Authorize';
import onlineLinkOfLabel from '@salesforce/label/c.ConnectionHealth_Online_Link_Of';
import onlineNeedsLabel from '@salesforce/label/c.ConnectionHealth_Online_Needs';
import moreThanLabel from '@salesforce/label/c.ConnectionHealth_More_Than';
import connectOnlineLabel from '@salesforce/label/c.ConnectionHealth_Connect_Online';
import desktopNeedsLabel from '@salesforce/label/c.ConnectionHealth_Desktop_Needs';
import desktopFixQwcLabel from '@salesforce/label/c.ConnectionHealth_Desktop_Fix_Qwc';
import desktopFixConductorLabel from '@salesforce/label/c.ConnectionHealth_Desktop_Fix_Conductor';
import reconciledLabel from '@salesforce/label/c.ConnectionHealth_Reconciled';
import notReconciledLabel from '@salesforce/label/c.ConnectionHealth_Not_Reconciled';
import directionsLabel from '@salesforce/label/c.ConnectionHealth_Directions';
import oneWayLabel from '@salesforce/label/c.ConnectionHealth_One_Way';
import twoWayLabel from '@salesforce/label/c.ConnectionHealth_Two_Way';
import toBooksCountsLabel from '@salesforce/label/c.ConnectionHealth_To_QuickBooks_Counts';
import changesLabel from '@salesforce/label/c.ConnectionHealth_Changes';

import {
  displayValue,
  errorMessages,
  numberValue,
  packageName,
  qualified,
  reduceErrors,
  stringValue,
} from 'c/ldsUtils';
import type { UiRecord } from 'c/ldsUtils';
import { formatAgo, formatDateTime, formatLabel } from 'c/formatters';
import { connectionBadgeClass } from 'c/statusThemes';
import { qwcUrl } from 'c/relayLinks';

const FIELDS = [
  NAME_FIELD,
  STATUS_FIELD,
  COMPANY_FIELD,
  EDITION_FIELD,
  LAST_CONTACT_FIELD,
  LAST_SUCCESS_FIELD,
  LAST_ERROR_FIELD,
  PENDING_FIELD,
  FAILED_FIELD,
  RELAY_URL_FIELD,
  KEY_FIELD,
  RECONCILED_AT_FIELD,
  RECONCILIATION_FIELD,
  DIFFERENCES_FIELD,
  TO_BOOKS_PENDING_FIELD,
  TO_BOOKS_FAILED_FIELD,
  CHANGES_FIELD,
].map(qualified);
const PAGE_SIZE = 50;

interface CheckState {
  requestId?: string;
  createdAtMs?: number;
  creating?: boolean;
  error?: unknown;
}

interface ConnectionView {
  id: string;
  connectionName: string;
  statusText: string;
  badgeClass: string;
  company: string;
  edition: string;
  lastContactText: string;
  lastContactTitle: string;
  lastSuccessText: string;
  lastSuccessTitle: string;
  pending: number;
  failed: number;
  failedClass: string;
  lastError: string | null;
  /** The last reconciliation's result in words, or that there was none yet. */
  reconciliationText: string;
  reconciliationTitle: string;
  reconciliationClass: string;
  /** QuickBooks to Salesforce, and the other way too when the relay writes Salesforce's records into it. */
  directionsText: string;
  /** Salesforce → QuickBooks: waiting and failed, when that direction exists. */
  toBooksText: string | null;
  toBooksClass: string;
  /** How Salesforce's changes reach the relay (change events or polling, and why), when that direction exists. */
  changesText: string | null;
  isDesktop: boolean;
  setupOpen: boolean;
  isOnline: boolean;
  qwcUrl: string | null;
  qwcAriaLabel: string;
  authorizeText: string;
  authorizeAriaLabel: string;
  needsReauthorization: boolean;
  desktopNeedsAttention: boolean;
  checkAriaLabel: string;
  checkDisabled: boolean;
  checkRequestId?: string;
  checkCreatedAtMs?: number;
  checkErrors?: string[];
}

export default class ConnectionHealth extends LightningElement {
  labels = {
    title: titleLabel,
    error: errorLabel,
    empty: emptyLabel,
    loading: loadingLabel,
    company: companyLabel,
    edition: editionLabel,
    lastContact: lastContactLabel,
    lastSuccess: lastSuccessLabel,
    pending: pendingLabel,
    failed: failedLabel,
    lastError: lastErrorLabel,
    check: checkLabel,
    checkError: checkErrorLabel,
    desktopSetup: desktopSetupLabel,
    desktopSteps: [desktopStep2Label, desktopStep3Label, desktopStep4Label, desktopStep5Label],
    desktopStep1: desktopStep1Label,
    downloadQwc: downloadQwcLabel,
    noRelayUrl: noRelayUrlLabel,
    onlineNeeds: onlineNeedsLabel,
    connectOnline: connectOnlineLabel,
    desktopNeeds: desktopNeedsLabel,
    desktopFixes: [desktopFixQwcLabel, desktopFixConductorLabel],
    reconciled: reconciledLabel,
    directions: directionsLabel,
    changes: changesLabel,
  };

  objectApiName = CONNECTION_OBJECT;
  listViewApiName = packageName(CONNECTION_OBJECT.objectApiName, 'All');
  fields = FIELDS;
  pageSize = PAGE_SIZE;
  records?: UiRecord[];
  hasMore = false;
  error?: unknown;
  checks: Record<string, CheckState> = {};

  @wire(getListRecordsByName, {
    objectApiName: '$objectApiName',
    listViewApiName: '$listViewApiName',
    fields: '$fields',
    pageSize: '$pageSize',
  })
  wiredConnections({
    data,
    error,
  }: {
    data?: { records: UiRecord[]; nextPageToken?: string | null };
    error?: unknown;
  }): void {
    this.records = data?.records;
    this.hasMore = Boolean(data?.nextPageToken);
    this.error = error;
  }

  get isLoading(): boolean {
    return !this.records && !this.error;
  }

  get errors(): string[] | undefined {
    return errorMessages(this.error);
  }

  get isEmpty(): boolean {
    return Boolean(this.records && this.records.length === 0);
  }

  get moreText(): string {
    return formatLabel(moreThanLabel, this.records?.length ?? 0);
  }

  get connections(): ConnectionView[] {
    const now = Date.now();
    return (this.records ?? [])
      .map((record) => this.toView(record, now))
      .sort((a, b) => a.connectionName.localeCompare(b.connectionName, LOCALE));
  }

  async handleCheck(event: Event): Promise<void> {
    const connectionId = (event.currentTarget as HTMLElement).dataset.id as string;
    if (this.checks[connectionId]?.creating) return;
    this.setCheck(connectionId, { creating: true });
    try {
      const created = await createRecord({
        apiName: REQUEST_OBJECT.objectApiName,
        fields: {
          [REQUEST_CONNECTION_FIELD.fieldApiName]: connectionId,
          [REQUEST_SCOPE_FIELD.fieldApiName]: 'Health Check',
          [REQUEST_STATUS_FIELD.fieldApiName]: 'Requested',
        },
      });
      this.setCheck(connectionId, { requestId: created.id, createdAtMs: Date.now() });
    } catch (error) {
      this.setCheck(connectionId, { error });
    }
  }

  /** A finished health check changed the connection's health: fetch it again. */
  handleCheckStatus(event: CustomEvent<{ terminal: boolean }>): void {
    const connectionId = (event.currentTarget as HTMLElement).dataset.id as string;
    if (event.detail.terminal) notifyRecordUpdateAvailable([{ recordId: connectionId }]).catch(() => undefined);
  }

  private setCheck(connectionId: string, state: CheckState): void {
    this.checks = { ...this.checks, [connectionId]: state };
  }

  private toView(record: UiRecord, now: number): ConnectionView {
    const name = stringValue(record, NAME_FIELD) ?? record.id;
    const statusValue = stringValue(record, STATUS_FIELD);
    const editionValue = stringValue(record, EDITION_FIELD);
    const lastContact = stringValue(record, LAST_CONTACT_FIELD);
    const lastSuccess = stringValue(record, LAST_SUCCESS_FIELD);
    const relayUrl = stringValue(record, RELAY_URL_FIELD);
    const key = stringValue(record, KEY_FIELD);
    const needsReauthorization = statusValue === 'Needs Reauthorization';
    const authorizeText = needsReauthorization ? reconnectLabel : authorizeLabel;
    const failed = numberValue(record, FAILED_FIELD) ?? 0;
    const reconciledAt = stringValue(record, RECONCILED_AT_FIELD);
    const differences = numberValue(record, DIFFERENCES_FIELD) ?? 0;
    const toBooksPending = numberValue(record, TO_BOOKS_PENDING_FIELD);
    const toBooksFailed = numberValue(record, TO_BOOKS_FAILED_FIELD) ?? 0;
    const twoWay = toBooksPending !== null && toBooksPending !== undefined;
    const check = this.checks[record.id] ?? {};
    const checkErrors = reduceErrors(check.error);
    return {
      id: record.id,
      connectionName: name,
      statusText: displayValue(record, STATUS_FIELD) ?? '',
      badgeClass: connectionBadgeClass(statusValue),
      company: stringValue(record, COMPANY_FIELD) ?? '',
      edition: displayValue(record, EDITION_FIELD) ?? '',
      lastContactText: lastContact ? formatAgo(lastContact, now, LOCALE) : neverLabel,
      lastContactTitle: formatDateTime(lastContact, LOCALE, TIME_ZONE),
      lastSuccessText: lastSuccess ? formatAgo(lastSuccess, now, LOCALE) : neverLabel,
      lastSuccessTitle: formatDateTime(lastSuccess, LOCALE, TIME_ZONE),
      pending: numberValue(record, PENDING_FIELD) ?? 0,
      failed,
      failedClass: failed > 0 ? 'slds-text-heading_small slds-text-color_error' : 'slds-text-heading_small',
      lastError: stringValue(record, LAST_ERROR_FIELD),
      reconciliationText: (reconciledAt && stringValue(record, RECONCILIATION_FIELD)) || notReconciledLabel,
      reconciliationTitle: formatDateTime(reconciledAt, LOCALE, TIME_ZONE),
      reconciliationClass: reconciledAt && differences > 0 ? 'slds-text-color_error' : '',
      directionsText: twoWay ? twoWayLabel : oneWayLabel,
      toBooksText: twoWay ? formatLabel(toBooksCountsLabel, toBooksPending, toBooksFailed) : null,
      toBooksClass: toBooksFailed > 0 ? 'slds-text-color_error' : '',
      changesText: twoWay ? stringValue(record, CHANGES_FIELD) : null,
      isDesktop: editionValue === 'Desktop',
      setupOpen: editionValue === 'Desktop' && (!lastContact || statusValue === 'Offline'),
      isOnline: editionValue === 'Online',
      qwcUrl: qwcUrl(relayUrl, key),
      qwcAriaLabel: formatLabel(downloadQwcOfLabel, name),
      authorizeText,
      authorizeAriaLabel: formatLabel(onlineLinkOfLabel, authorizeText, name),
      needsReauthorization,
      // The org cannot tell a Web Connector company file from a Conductor one (both are Desktop),
      // so both ways back are said; a file never reached is the set-up steps' case.
      desktopNeedsAttention:
        editionValue === 'Desktop' && (needsReauthorization || (statusValue === 'Offline' && Boolean(lastContact))),
      checkAriaLabel: formatLabel(checkOfLabel, name),
      checkDisabled: Boolean(check.creating),
      checkRequestId: check.requestId,
      checkCreatedAtMs: check.createdAtMs,
      checkErrors: checkErrors.length ? checkErrors : undefined,
    };
  }
}
