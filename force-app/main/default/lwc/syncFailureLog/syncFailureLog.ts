/**
 * @module
 * Failure log (Ledgerbridge app page): failed and retried sync records with object, QuickBooks ID,
 * linked Account, error in words, attempts and when; filterable by status, object and text; Replay
 * for one or many (sets `Replay_Requested__c` through LDS `updateRecord`), then follows each replay
 * until the relay clears the flag and writes its outcome. It reads the Sync Problems list view:
 * every log but the history rows of what succeeded (an Order's journal entries and reversals).
 */
import { LightningElement, wire } from 'lwc';
import { notifyRecordUpdateAvailable, updateRecord } from 'lightning/uiRecordApi';
import { getListRecordsByName } from 'lightning/uiListsApi';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';

import LOG_OBJECT from '@salesforce/schema/QuickBooks_Sync_Log__c';
import NAME_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Name';
import OBJECT_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Object__c';
import QB_ID_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.QuickBooks_Id__c';
import ACCOUNT_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Account__c';
import ACCOUNT_NAME_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Account__r.Name';
import ERROR_MESSAGE_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Error_Message__c';
import ERROR_CODE_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Error_Code__c';
import ATTEMPTS_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Attempts__c';
import LAST_ATTEMPT_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Last_Attempt_At__c';
import STATUS_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Status__c';
import REPLAY_REQUESTED_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Replay_Requested__c';
import REPLAY_RESULT_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Replay_Result__c';

import titleLabel from '@salesforce/label/c.FailureLog_Title';
import errorLabel from '@salesforce/label/c.FailureLog_Error';
import emptyLabel from '@salesforce/label/c.FailureLog_Empty';
import noMatchLabel from '@salesforce/label/c.FailureLog_No_Match';
import captionLabel from '@salesforce/label/c.FailureLog_Caption';
import loadingLabel from '@salesforce/label/c.Common_Loading';
import statusFilterLabel from '@salesforce/label/c.FailureLog_Status_Filter';
import needsAttentionLabel from '@salesforce/label/c.FailureLog_Needs_Attention';
import allLabel from '@salesforce/label/c.FailureLog_All';
import objectFilterLabel from '@salesforce/label/c.FailureLog_Object_Filter';
import allObjectsLabel from '@salesforce/label/c.FailureLog_All_Objects';
import searchLabel from '@salesforce/label/c.FailureLog_Search';
import logLabel from '@salesforce/label/c.FailureLog_Log';
import objectLabel from '@salesforce/label/c.FailureLog_Object';
import qbIdLabel from '@salesforce/label/c.FailureLog_QuickBooks_Id';
import accountLabel from '@salesforce/label/c.FailureLog_Account';
import errorColumnLabel from '@salesforce/label/c.FailureLog_Error_Column';
import attemptsLabel from '@salesforce/label/c.FailureLog_Attempts';
import whenLabel from '@salesforce/label/c.FailureLog_When';
import statusLabel from '@salesforce/label/c.Common_Status';
import outcomeLabel from '@salesforce/label/c.FailureLog_Outcome';
import selectLabel from '@salesforce/label/c.FailureLog_Select';
import selectAllLabel from '@salesforce/label/c.FailureLog_Select_All';
import replayLabel from '@salesforce/label/c.FailureLog_Replay';
import replayOfLabel from '@salesforce/label/c.FailureLog_Replay_Of';
import replaySelectedLabel from '@salesforce/label/c.FailureLog_Replay_Selected';
import replayPendingLabel from '@salesforce/label/c.FailureLog_Replay_Pending';
import replayRequestedLabel from '@salesforce/label/c.FailureLog_Replay_Requested';
import replayFailedLabel from '@salesforce/label/c.FailureLog_Replay_Failed';
import shownLabel from '@salesforce/label/c.FailureLog_Shown';
import failedStatusLabel from '@salesforce/label/c.FailureLog_Statuses_Failed';
import retryingStatusLabel from '@salesforce/label/c.FailureLog_Statuses_Retrying';
import replayedStatusLabel from '@salesforce/label/c.FailureLog_Statuses_Replayed';
import resolvedStatusLabel from '@salesforce/label/c.FailureLog_Statuses_Resolved';

import {
  displayValue,
  errorMessages,
  fieldValue,
  numberValue,
  packageName,
  qualified,
  reduceErrors,
  stringValue,
} from 'c/ldsUtils';
import type { UiRecord } from 'c/ldsUtils';
import { formatDateTime, formatLabel } from 'c/formatters';
import { syncLogBadgeClass } from 'c/statusThemes';
import { POLL_INTERVAL_MS } from 'c/syncRequestProgress';

const FIELDS = [
  NAME_FIELD,
  OBJECT_FIELD,
  QB_ID_FIELD,
  ACCOUNT_FIELD,
  ERROR_MESSAGE_FIELD,
  ERROR_CODE_FIELD,
  ATTEMPTS_FIELD,
  LAST_ATTEMPT_FIELD,
  STATUS_FIELD,
  REPLAY_REQUESTED_FIELD,
  REPLAY_RESULT_FIELD,
].map(qualified);
const OPTIONAL_FIELDS = [qualified(ACCOUNT_NAME_FIELD)];
const PAGE_SIZE = 200;
const NEEDS_ATTENTION = 'needs_attention';
const ALL = 'all';
const ATTENTION_STATUSES = ['Failed', 'Retrying'];

interface LogRow {
  id: string;
  logName: string;
  objectName: string;
  quickBooksId: string;
  accountId: string | null;
  accountName: string;
  accountUrl: string | null;
  errorText: string;
  errorCode: string;
  attempts: number | null;
  lastAttemptAt: string;
  whenText: string;
  statusValue: string;
  statusText: string;
  badgeClass: string;
  replayPending: boolean;
  outcomeText: string;
  selected: boolean;
  selectAriaLabel: string;
  replayAriaLabel: string;
  searchText: string;
}

export default class SyncFailureLog extends LightningElement {
  labels = {
    title: titleLabel,
    error: errorLabel,
    empty: emptyLabel,
    noMatch: noMatchLabel,
    caption: captionLabel,
    loading: loadingLabel,
    statusFilter: statusFilterLabel,
    objectFilter: objectFilterLabel,
    search: searchLabel,
    log: logLabel,
    object: objectLabel,
    qbId: qbIdLabel,
    account: accountLabel,
    errorColumn: errorColumnLabel,
    attempts: attemptsLabel,
    when: whenLabel,
    status: statusLabel,
    outcome: outcomeLabel,
    selectAll: selectAllLabel,
    replay: replayLabel,
  };

  objectApiName = LOG_OBJECT;
  listViewApiName = packageName(LOG_OBJECT.objectApiName, 'Sync_Problems');
  fields = FIELDS;
  optionalFields = OPTIONAL_FIELDS;
  sortBy = [`-${LAST_ATTEMPT_FIELD.fieldApiName}`];
  pageSize = PAGE_SIZE;

  records?: UiRecord[];
  error?: unknown;
  statusFilter = NEEDS_ATTENTION;
  objectFilter = ALL;
  searchTerm = '';
  selectedIds: string[] = [];
  replaying = false;
  message = '';
  messageIsError = false;
  private timer?: ReturnType<typeof setInterval>;

  @wire(getListRecordsByName, {
    objectApiName: '$objectApiName',
    listViewApiName: '$listViewApiName',
    fields: '$fields',
    optionalFields: '$optionalFields',
    sortBy: '$sortBy',
    pageSize: '$pageSize',
  })
  wiredLogs({ data, error }: { data?: { records: UiRecord[] }; error?: unknown }): void {
    this.records = data?.records;
    this.error = error;
    this.updatePolling();
  }

  disconnectedCallback(): void {
    this.stopPolling();
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

  get allRows(): LogRow[] {
    return (this.records ?? []).map((record) => this.toRow(record));
  }

  get rows(): LogRow[] {
    const term = this.searchTerm.trim().toLocaleLowerCase(LOCALE);
    return this.allRows
      .filter((row) => {
        if (this.statusFilter === NEEDS_ATTENTION) return ATTENTION_STATUSES.includes(row.statusValue);
        return this.statusFilter === ALL || row.statusValue === this.statusFilter;
      })
      .filter((row) => this.objectFilter === ALL || row.objectName === this.objectFilter)
      .filter((row) => !term || row.searchText.includes(term))
      .sort((a, b) => b.lastAttemptAt.localeCompare(a.lastAttemptAt) || a.logName.localeCompare(b.logName));
  }

  get hasRows(): boolean {
    return this.rows.length > 0;
  }

  get shownText(): string {
    return formatLabel(shownLabel, this.rows.length, this.allRows.length);
  }

  get statusOptions(): { label: string; value: string; selected: boolean }[] {
    return [
      { label: needsAttentionLabel, value: NEEDS_ATTENTION },
      { label: failedStatusLabel, value: 'Failed' },
      { label: retryingStatusLabel, value: 'Retrying' },
      { label: replayedStatusLabel, value: 'Replayed' },
      { label: resolvedStatusLabel, value: 'Resolved' },
      { label: allLabel, value: ALL },
    ].map((o) => ({ ...o, selected: o.value === this.statusFilter }));
  }

  get objectOptions(): { label: string; value: string; selected: boolean }[] {
    const objects = [...new Set(this.allRows.map((r) => r.objectName).filter(Boolean))].sort();
    return [{ label: allObjectsLabel, value: ALL }, ...objects.map((o) => ({ label: o, value: o }))].map((o) => ({
      ...o,
      selected: o.value === this.objectFilter,
    }));
  }

  get replayableSelected(): string[] {
    const visible = new Map(this.rows.map((r) => [r.id, r]));
    return this.selectedIds.filter((id) => visible.has(id) && !visible.get(id)?.replayPending);
  }

  get replaySelectedText(): string {
    return formatLabel(replaySelectedLabel, this.replayableSelected.length);
  }

  get replaySelectedDisabled(): boolean {
    return this.replaying || this.replayableSelected.length === 0;
  }

  get allSelected(): boolean {
    const rows = this.rows;
    return rows.length > 0 && rows.every((r) => this.selectedIds.includes(r.id));
  }

  get messageClass(): string {
    return this.messageIsError ? 'slds-text-color_error' : 'slds-text-color_success';
  }

  handleStatusFilter(event: Event): void {
    this.statusFilter = (event.currentTarget as HTMLSelectElement).value;
  }

  handleObjectFilter(event: Event): void {
    this.objectFilter = (event.currentTarget as HTMLSelectElement).value;
  }

  handleSearch(event: CustomEvent<{ value: string }>): void {
    this.searchTerm = event.detail.value ?? '';
  }

  handleSelect(event: Event): void {
    const input = event.currentTarget as HTMLInputElement;
    const id = input.dataset.id as string;
    this.selectedIds = input.checked
      ? [...new Set([...this.selectedIds, id])]
      : this.selectedIds.filter((selected) => selected !== id);
  }

  handleSelectAll(event: Event): void {
    const checked = (event.currentTarget as HTMLInputElement).checked;
    const visible = this.rows.map((r) => r.id);
    this.selectedIds = checked
      ? [...new Set([...this.selectedIds, ...visible])]
      : this.selectedIds.filter((id) => !visible.includes(id));
  }

  async handleReplayOne(event: Event): Promise<void> {
    await this.replay([(event.currentTarget as HTMLElement).dataset.id as string]);
  }

  async handleReplaySelected(): Promise<void> {
    await this.replay(this.replayableSelected);
  }

  private async replay(ids: string[]): Promise<void> {
    if (!ids.length || this.replaying) return;
    this.replaying = true;
    this.message = '';
    const outcomes = await Promise.allSettled(
      ids.map((id) => updateRecord({ fields: { Id: id, [REPLAY_REQUESTED_FIELD.fieldApiName]: true } })),
    );
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    const requested = ids.length - failures.length;
    this.selectedIds = this.selectedIds.filter((id) => !ids.includes(id));
    if (failures.length) {
      this.messageIsError = true;
      this.message = formatLabel(
        replayFailedLabel,
        failures.length,
        reduceErrors(failures.map((f) => f.reason)).join(' '),
      );
    } else {
      this.messageIsError = false;
      this.message = formatLabel(replayRequestedLabel, requested);
    }
    this.replaying = false;
    this.startPolling();
  }

  private pendingIds(): string[] {
    return (this.records ?? []).filter((r) => fieldValue(r, REPLAY_REQUESTED_FIELD) === true).map((r) => r.id);
  }

  private updatePolling(): void {
    if (this.pendingIds().length) this.startPolling();
    else this.stopPolling();
  }

  private startPolling(): void {
    if (this.timer !== undefined) return;
    // eslint-disable-next-line @lwc/lwc/no-async-operation -- follows replays until the relay reports back
    this.timer = setInterval(() => {
      const ids = this.pendingIds();
      if (!ids.length) {
        this.stopPolling();
        return;
      }
      notifyRecordUpdateAvailable(ids.map((recordId) => ({ recordId }))).catch(() => undefined);
    }, POLL_INTERVAL_MS);
  }

  private stopPolling(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private toRow(record: UiRecord): LogRow {
    const logName = stringValue(record, NAME_FIELD) ?? record.id;
    const accountId = stringValue(record, ACCOUNT_FIELD);
    const accountName = stringValue(record, ACCOUNT_NAME_FIELD) ?? accountId ?? '';
    const statusValue = stringValue(record, STATUS_FIELD) ?? '';
    const replayPending = fieldValue(record, REPLAY_REQUESTED_FIELD) === true;
    const errorText = stringValue(record, ERROR_MESSAGE_FIELD) ?? '';
    const errorCode = stringValue(record, ERROR_CODE_FIELD) ?? '';
    const quickBooksId = stringValue(record, QB_ID_FIELD) ?? '';
    const objectName = stringValue(record, OBJECT_FIELD) ?? '';
    const lastAttemptAt = stringValue(record, LAST_ATTEMPT_FIELD) ?? '';
    return {
      id: record.id,
      logName,
      objectName,
      quickBooksId,
      accountId,
      accountName,
      accountUrl: accountId ? `/lightning/r/Account/${accountId}/view` : null,
      errorText,
      errorCode,
      attempts: numberValue(record, ATTEMPTS_FIELD),
      lastAttemptAt,
      whenText: formatDateTime(lastAttemptAt || null, LOCALE, TIME_ZONE),
      statusValue,
      statusText: displayValue(record, STATUS_FIELD) ?? '',
      badgeClass: syncLogBadgeClass(statusValue),
      replayPending,
      outcomeText: replayPending ? replayPendingLabel : (stringValue(record, REPLAY_RESULT_FIELD) ?? ''),
      selected: this.selectedIds.includes(record.id),
      selectAriaLabel: formatLabel(selectLabel, logName),
      replayAriaLabel: formatLabel(replayOfLabel, logName),
      searchText: [quickBooksId, accountName, errorText, errorCode, logName].join(' ').toLocaleLowerCase(LOCALE),
    };
  }
}
