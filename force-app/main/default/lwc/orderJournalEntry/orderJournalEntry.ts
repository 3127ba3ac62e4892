/**
 * @module
 * QuickBooks panel of the Order record page: how QuickBooks Online booked the order, as the relay
 * writes it. QuickBooks Online books an activated order as a journal entry; when the order changes
 * it reverses that entry and books a new one, and when it is cancelled it reverses it. On the
 * Order the relay keeps the entry that stands now (`QuickBooks_Journal_Entry_Id__c`: the posting,
 * or for a cancelled order the reversal) and its sync status; a failed booking leaves its reason
 * in a Sync Log. States: booked; reversed (cancelled); queued (activated, on its way); failed, in
 * words, linked to the log; not an order QuickBooks takes (a draft, a cancelled order never
 * booked, or an Account on QuickBooks Desktop or on no company). Below it, the order's history:
 * each entry booked and each reversal (which entry it reversed and why, when), newest first, from
 * the Sync Logs the relay writes of them (`Succeeded`, `Book` / `Reverse`). Data comes from LDS
 * (`getRecord`, `getRelatedListRecords`).
 */
import { LightningElement, api, wire } from 'lwc';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import { getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';

import STATUS_FIELD from '@salesforce/schema/Order.Status';
import SYNC_STATUS_FIELD from '@salesforce/schema/Order.QuickBooks_Sync_Status__c';
import ENTRY_ID_FIELD from '@salesforce/schema/Order.QuickBooks_Journal_Entry_Id__c';
import EDITION_FIELD from '@salesforce/schema/Order.Account.QuickBooks_Connection__r.Edition__c';
import LOG_ORDER_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Order__c';
import LOG_NAME_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Name';
import LOG_STATUS_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Status__c';
import LOG_MESSAGE_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Error_Message__c';
import LOG_OPERATION_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Operation__c';
import LOG_ENTRY_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.QuickBooks_Id__c';
import LOG_REPLACES_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Replaces_Id__c';
import LOG_WHAT_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Message__c';
import LOG_AT_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Last_Attempt_At__c';

import titleLabel from '@salesforce/label/c.OrderJournalEntry_Title';
import loadingLabel from '@salesforce/label/c.Common_Loading';
import errorLabel from '@salesforce/label/c.OrderJournalEntry_Error';
import syncStatusLabel from '@salesforce/label/c.Common_Sync_Status';
import entryLabel from '@salesforce/label/c.OrderJournalEntry_Entry';
import bookedLabel from '@salesforce/label/c.OrderJournalEntry_Booked';
import reversedLabel from '@salesforce/label/c.OrderJournalEntry_Reversed';
import rebookedLabel from '@salesforce/label/c.OrderJournalEntry_Rebooked';
import queuedLabel from '@salesforce/label/c.OrderJournalEntry_Queued';
import failedLabel from '@salesforce/label/c.OrderJournalEntry_Failed';
import draftLabel from '@salesforce/label/c.OrderJournalEntry_Not_Activated';
import cancelledUnbookedLabel from '@salesforce/label/c.OrderJournalEntry_Cancelled_Unbooked';
import desktopLabel from '@salesforce/label/c.OrderJournalEntry_Desktop';
import noCompanyLabel from '@salesforce/label/c.OrderJournalEntry_No_Company';
import noReasonLabel from '@salesforce/label/c.Common_No_Reason';
import openLogLabel from '@salesforce/label/c.Common_Open_Sync_Log';
import historyLabel from '@salesforce/label/c.OrderJournalEntry_History';
import historyEmptyLabel from '@salesforce/label/c.OrderJournalEntry_History_Empty';
import historyBookedLabel from '@salesforce/label/c.OrderJournalEntry_History_Booked';
import historyReversedLabel from '@salesforce/label/c.OrderJournalEntry_History_Reversed';

import { displayValue, errorMessages, packageName, qualified, stringValue } from 'c/ldsUtils';
import type { UiRecord } from 'c/ldsUtils';
import { formatDateTime, formatLabel } from 'c/formatters';
import { recordSyncBadgeClass } from 'c/statusThemes';
import { openLog, quickBooksId } from 'c/recordSyncLog';
import type { OpenLog } from 'c/recordSyncLog';

const LOG_FIELDS = [
  LOG_NAME_FIELD,
  LOG_STATUS_FIELD,
  LOG_MESSAGE_FIELD,
  LOG_OPERATION_FIELD,
  LOG_ENTRY_FIELD,
  LOG_REPLACES_FIELD,
  LOG_WHAT_FIELD,
  LOG_AT_FIELD,
].map(qualified);
const LOG_TEXT = { name: LOG_NAME_FIELD, status: LOG_STATUS_FIELD, message: LOG_MESSAGE_FIELD };
/** The operations of the Sync Logs that are the order's history, as the relay writes them. */
const HISTORY_OPERATIONS: readonly string[] = ['Book', 'Reverse'];

type State = 'booked' | 'reversed' | 'queued' | 'failed' | 'notTaken';

/** One posting of the order's history, as the list shows it. */
interface HistoryRow {
  id: string;
  title: string;
  whenText: string;
  message: string;
  at: string;
  reversal: boolean;
}

/** A Sync Log of the history as a row; undefined for any other log (a failure, say). */
function historyRow(log: UiRecord): HistoryRow | undefined {
  const operation = stringValue(log, LOG_OPERATION_FIELD) ?? '';
  if (stringValue(log, LOG_STATUS_FIELD) !== 'Succeeded' || !HISTORY_OPERATIONS.includes(operation)) return undefined;
  const entry = quickBooksId(stringValue(log, LOG_ENTRY_FIELD)) ?? '';
  const replaces = quickBooksId(stringValue(log, LOG_REPLACES_FIELD)) ?? '';
  const reversal = operation === 'Reverse';
  const at = stringValue(log, LOG_AT_FIELD) ?? '';
  return {
    id: log.id,
    title: reversal ? formatLabel(historyReversedLabel, entry, replaces) : formatLabel(historyBookedLabel, entry),
    whenText: formatDateTime(at || null, LOCALE, TIME_ZONE),
    message: stringValue(log, LOG_WHAT_FIELD) ?? '',
    at,
    reversal,
  };
}

export default class OrderJournalEntry extends LightningElement {
  /** Set by the record page. */
  @api recordId?: string;

  labels = {
    title: titleLabel,
    loading: loadingLabel,
    error: errorLabel,
    syncStatus: syncStatusLabel,
    entry: entryLabel,
    rebooked: rebookedLabel,
    queued: queuedLabel,
    failed: failedLabel,
    history: historyLabel,
    historyEmpty: historyEmptyLabel,
  };

  fields = [STATUS_FIELD, SYNC_STATUS_FIELD, ENTRY_ID_FIELD];
  optionalFields = [EDITION_FIELD];
  logListId = packageName(LOG_ORDER_FIELD.fieldApiName, 'QuickBooks_Sync_Logs__r');
  logFields = LOG_FIELDS;
  logSort = [`-${qualified(LOG_NAME_FIELD)}`];

  order?: UiRecord;
  orderError?: unknown;
  logs?: UiRecord[];
  logsError?: unknown;

  @wire(getRecord, { recordId: '$recordId', fields: '$fields', optionalFields: '$optionalFields' })
  wiredOrder({ data, error }: { data?: UiRecord; error?: unknown }): void {
    this.order = data;
    this.orderError = error;
  }

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: '$logListId',
    fields: '$logFields',
    sortBy: '$logSort',
    pageSize: 50,
  })
  wiredLogs({ data, error }: { data?: { records: UiRecord[] }; error?: unknown }): void {
    this.logs = data?.records;
    this.logsError = error;
  }

  get errors(): string[] | undefined {
    return errorMessages([this.orderError, this.logsError].filter(Boolean));
  }

  get isLoading(): boolean {
    return !this.errors && (!this.order || !this.logs);
  }

  get syncStatus(): string | null {
    return stringValue(this.order, SYNC_STATUS_FIELD);
  }

  get syncStatusText(): string {
    return displayValue(this.order, SYNC_STATUS_FIELD) ?? '';
  }

  get syncBadgeClass(): string {
    return recordSyncBadgeClass(this.syncStatus);
  }

  get entryId(): string | null {
    return quickBooksId(stringValue(this.order, ENTRY_ID_FIELD));
  }

  get failure(): OpenLog | undefined {
    return openLog(this.logs, LOG_TEXT);
  }

  /**
   * The order's history, newest first: by when each write was confirmed; within one write (whose
   * logs the org numbers in no set order) the entry booked after the reversal it follows.
   */
  get historyRows(): HistoryRow[] {
    return (this.logs ?? [])
      .flatMap((log) => historyRow(log) ?? [])
      .sort((a, b) => b.at.localeCompare(a.at) || Number(a.reversal) - Number(b.reversal));
  }

  get hasHistory(): boolean {
    return this.historyRows.length > 0;
  }

  get orderStatus(): string | null {
    return stringValue(this.order, STATUS_FIELD);
  }

  get edition(): string | null {
    return stringValue(this.order, EDITION_FIELD);
  }

  /**
   * Failed first (a change that could not be booked leaves the earlier entry standing, and says
   * why); then what the standing entry is; then whether the relay takes the order at all.
   */
  get state(): State {
    const status = this.orderStatus;
    if (this.syncStatus === 'Failed' || this.failure) return 'failed';
    if (this.entryId && this.syncStatus === 'Synced') return status === 'Cancelled' ? 'reversed' : 'booked';
    if (status !== 'Activated' || this.edition !== 'Online') return 'notTaken';
    return 'queued';
  }

  get isBooked(): boolean {
    return this.state === 'booked';
  }

  get isReversed(): boolean {
    return this.state === 'reversed';
  }

  get isQueued(): boolean {
    return this.state === 'queued';
  }

  get isFailed(): boolean {
    return this.state === 'failed';
  }

  get bookedText(): string {
    return formatLabel(bookedLabel, this.entryId ?? '');
  }

  get reversedText(): string {
    return formatLabel(reversedLabel, this.entryId ?? '');
  }

  get failureReason(): string {
    return this.failure?.reason ?? noReasonLabel;
  }

  get logAriaLabel(): string {
    return formatLabel(openLogLabel, this.failure?.logName ?? '');
  }

  /** Why QuickBooks does not take this order. */
  get notTakenText(): string {
    const status = this.orderStatus;
    if (status === 'Cancelled') return cancelledUnbookedLabel;
    if (status !== 'Activated') return formatLabel(draftLabel, displayValue(this.order, STATUS_FIELD) ?? '');
    return this.edition === 'Desktop' ? desktopLabel : noCompanyLabel;
  }
}
