/**
 * @module
 * Live status of one `QuickBooks_Sync_Request__c`: the steps it has passed, its status announced
 * in a polite live region, the relay's result text, and an explanation when nobody has picked it
 * up within a minute. While the request is in flight it asks LDS for fresh data every few seconds
 * (`notifyRecordUpdateAvailable`); it stops once the request is Completed or Failed.
 */
import { LightningElement, api, wire } from 'lwc';
import { getRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';

import STATUS_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Status__c';
import RESULT_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Result__c';
import PICKED_UP_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Picked_Up_At__c';
import NAME_FIELD from '@salesforce/schema/QuickBooks_Sync_Request__c.Name';

import requestedLabel from '@salesforce/label/c.SyncStatus_Requested';
import waitingLabel from '@salesforce/label/c.SyncStatus_Waiting';
import inProgressLabel from '@salesforce/label/c.SyncStatus_In_Progress';
import completedLabel from '@salesforce/label/c.SyncStatus_Completed';
import failedLabel from '@salesforce/label/c.SyncStatus_Failed';
import stepCompleteLabel from '@salesforce/label/c.Step_Complete';
import stepCurrentLabel from '@salesforce/label/c.Step_Current';
import stepUpcomingLabel from '@salesforce/label/c.Step_Upcoming';
import stepFailedLabel from '@salesforce/label/c.Step_Failed';
import progressLabel from '@salesforce/label/c.SyncRequest_Progress';
import statusSentenceLabel from '@salesforce/label/c.SyncRequest_Status';
import resultLabel from '@salesforce/label/c.SyncRequest_Result';
import loadErrorLabel from '@salesforce/label/c.SyncRequest_Load_Error';
import notPickedUpDesktopLabel from '@salesforce/label/c.SyncRequest_Not_Picked_Up_Desktop';
import notPickedUpOnlineLabel from '@salesforce/label/c.SyncRequest_Not_Picked_Up_Online';
import waitingDesktopLabel from '@salesforce/label/c.SyncRequest_Waiting_Desktop';

import { displayValue, errorMessages, stringValue } from 'c/ldsUtils';
import type { UiRecord } from 'c/ldsUtils';
import { formatLabel } from 'c/formatters';
import { POLL_INTERVAL_MS, requestProgress } from 'c/syncRequestProgress';
import type { Notice, Progress, StepState } from 'c/syncRequestProgress';
import { syncRequestBadgeClass } from 'c/statusThemes';

const FIELDS = [STATUS_FIELD, RESULT_FIELD, PICKED_UP_FIELD, NAME_FIELD];

const STATUS_LABELS: Record<string, string> = {
  Requested: requestedLabel,
  'Waiting for QuickBooks': waitingLabel,
  'In Progress': inProgressLabel,
  Completed: completedLabel,
  Failed: failedLabel,
};

const STATE_TEXT: Record<StepState, string> = {
  complete: stepCompleteLabel,
  current: stepCurrentLabel,
  upcoming: stepUpcomingLabel,
  failed: stepFailedLabel,
};

const STATE_ICON: Record<StepState, string> = {
  complete: 'utility:success',
  current: 'utility:routing_offline',
  upcoming: 'utility:record',
  failed: 'utility:error',
};

const NOTICE_TEXT: Record<Notice, string> = {
  none: '',
  not_picked_up_desktop: notPickedUpDesktopLabel,
  not_picked_up_online: notPickedUpOnlineLabel,
  waiting_desktop: waitingDesktopLabel,
};

export default class SyncRequestStatus extends LightningElement {
  /** The request to follow. */
  @api requestId?: string;
  /** The connection's edition (`Desktop` / `Online`), which decides the explanation. */
  @api edition?: string;
  /** When the request was created (epoch ms); the one-minute grace counts from here. */
  @api createdAtMs?: number;

  labels = { progress: progressLabel, result: resultLabel, loadError: loadErrorLabel };
  fields = FIELDS;
  request?: UiRecord;
  error?: unknown;
  nowMs = Date.now();
  private timer?: ReturnType<typeof setInterval>;
  private lastAnnounced?: string;

  @wire(getRecord, { recordId: '$requestId', fields: '$fields' })
  wiredRequest({ data, error }: { data?: UiRecord; error?: unknown }): void {
    this.request = data;
    this.error = error;
    const status = this.status;
    if (data && status !== this.lastAnnounced) {
      this.lastAnnounced = status;
      const result = stringValue(data, RESULT_FIELD);
      this.dispatchEvent(
        new CustomEvent('statuschange', { detail: { status, terminal: this.progress.terminal, result } }),
      );
    }
    if (this.progress.terminal) this.stopPolling();
  }

  connectedCallback(): void {
    this.nowMs = Date.now();
    // eslint-disable-next-line @lwc/lwc/no-async-operation -- polls the relay's progress until the request ends
    this.timer = setInterval(() => this.tick(), POLL_INTERVAL_MS);
  }

  disconnectedCallback(): void {
    this.stopPolling();
  }

  get status(): string {
    return stringValue(this.request, STATUS_FIELD) ?? 'Requested';
  }

  get progress(): Progress {
    return requestProgress({
      requestStatus: this.request ? this.status : null,
      pickedUpAt: stringValue(this.request, PICKED_UP_FIELD),
      createdAtMs: this.createdAtMs ?? this.nowMs,
      nowMs: this.nowMs,
      edition: this.edition ?? null,
    });
  }

  get steps(): {
    key: string;
    label: string;
    stateText: string;
    icon: string;
    ariaCurrent: string | null;
    className: string;
  }[] {
    return this.progress.steps.map((step) => ({
      key: step.value,
      label: STATUS_LABELS[step.value] ?? step.value,
      stateText: STATE_TEXT[step.state],
      icon: STATE_ICON[step.state],
      ariaCurrent: step.state === 'current' ? 'step' : null,
      className: `slds-col slds-grow-none slds-var-p-right_medium step step_${step.state}`,
    }));
  }

  get statusText(): string {
    const shown = displayValue(this.request, STATUS_FIELD) ?? STATUS_LABELS[this.status] ?? this.status;
    return formatLabel(statusSentenceLabel, shown);
  }

  get badgeClass(): string {
    return syncRequestBadgeClass(this.status);
  }

  get statusValueText(): string {
    return displayValue(this.request, STATUS_FIELD) ?? STATUS_LABELS[this.status] ?? this.status;
  }

  get noticeText(): string {
    return NOTICE_TEXT[this.progress.notice];
  }

  get resultText(): string | null {
    return stringValue(this.request, RESULT_FIELD);
  }

  get resultClass(): string {
    return this.progress.failed ? 'slds-text-color_error result' : 'result';
  }

  get errors(): string[] | undefined {
    return errorMessages(this.error);
  }

  private tick(): void {
    this.nowMs = Date.now();
    if (this.progress.terminal) {
      this.stopPolling();
      return;
    }
    if (this.requestId) notifyRecordUpdateAvailable([{ recordId: this.requestId }]).catch(() => undefined);
  }

  private stopPolling(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
