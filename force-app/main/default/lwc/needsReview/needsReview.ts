/**
 * @module
 * Needs Review (Ledgerbridge app home): the sync logs that ask a person to decide — a field
 * changed on both sides, with both values side by side (Keep QuickBooks' / Keep Salesforce's), or
 * a QuickBooks record of the same name another record already mirrors (Link / Create New / Skip).
 * A decision sets `Review_Decision__c`, `Decided_At__c` and `Decided_By__c` on the log through LDS
 * `updateRecord`; the relay's poller applies it and turns the log Resolved, in words.
 */
import { LightningElement, wire } from 'lwc';
import { updateRecord } from 'lightning/uiRecordApi';
import { getListRecordsByName } from 'lightning/uiListsApi';
import USER_ID from '@salesforce/user/Id';

import LOG_OBJECT from '@salesforce/schema/QuickBooks_Sync_Log__c';
import NAME_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Name';
import OBJECT_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Object__c';
import ACCOUNT_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Account__c';
import ACCOUNT_NAME_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Account__r.Name';
import STATUS_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Status__c';
import ERROR_MESSAGE_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Error_Message__c';
import LAST_ATTEMPT_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Last_Attempt_At__c';
import KIND_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Review_Kind__c';
import FIELD_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Field__c';
import QB_VALUE_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.QuickBooks_Value__c';
import SF_VALUE_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Salesforce_Value__c';
import CANDIDATE_ID_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Candidate_Id__c';
import CANDIDATE_NAME_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Candidate_Name__c';
import DECISION_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Review_Decision__c';
import DECIDED_AT_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Decided_At__c';
import DECIDED_BY_FIELD from '@salesforce/schema/QuickBooks_Sync_Log__c.Decided_By__c';

import titleLabel from '@salesforce/label/c.NeedsReview_Title';
import emptyLabel from '@salesforce/label/c.NeedsReview_Empty';
import errorLabel from '@salesforce/label/c.NeedsReview_Error';
import loadingLabel from '@salesforce/label/c.Common_Loading';
import conflictLabel from '@salesforce/label/c.NeedsReview_Conflict';
import matchLabel from '@salesforce/label/c.NeedsReview_Match';
import quickBooksValueLabel from '@salesforce/label/c.NeedsReview_QuickBooks_Value';
import salesforceValueLabel from '@salesforce/label/c.NeedsReview_Salesforce_Value';
import candidateLabel from '@salesforce/label/c.NeedsReview_Candidate';
import emptyValueLabel from '@salesforce/label/c.NeedsReview_Empty_Value';
import keepQuickBooksLabel from '@salesforce/label/c.NeedsReview_Keep_QuickBooks';
import keepSalesforceLabel from '@salesforce/label/c.NeedsReview_Keep_Salesforce';
import linkLabel from '@salesforce/label/c.NeedsReview_Link';
import createNewLabel from '@salesforce/label/c.NeedsReview_Create_New';
import skipLabel from '@salesforce/label/c.NeedsReview_Skip';
import sentLabel from '@salesforce/label/c.NeedsReview_Sent';
import failedLabel from '@salesforce/label/c.NeedsReview_Failed';
import decisionsOfLabel from '@salesforce/label/c.NeedsReview_Decisions_Of';

import { errorMessages, packageName, qualified, reduceErrors, stringValue } from 'c/ldsUtils';
import type { UiRecord } from 'c/ldsUtils';
import { formatLabel } from 'c/formatters';

const FIELDS = [
  NAME_FIELD,
  OBJECT_FIELD,
  ACCOUNT_FIELD,
  STATUS_FIELD,
  ERROR_MESSAGE_FIELD,
  LAST_ATTEMPT_FIELD,
  KIND_FIELD,
  FIELD_FIELD,
  QB_VALUE_FIELD,
  SF_VALUE_FIELD,
  CANDIDATE_ID_FIELD,
  CANDIDATE_NAME_FIELD,
  DECISION_FIELD,
  DECIDED_AT_FIELD,
  DECIDED_BY_FIELD,
].map(qualified);
const OPTIONAL_FIELDS = [qualified(ACCOUNT_NAME_FIELD)];

/** The decisions of each kind of review: the picklist value, and its words on the button. */
const DECISIONS: Readonly<Record<string, readonly { value: string; label: string }[]>> = {
  Conflict: [
    { value: 'Keep QuickBooks', label: keepQuickBooksLabel },
    { value: 'Keep Salesforce', label: keepSalesforceLabel },
  ],
  Match: [
    { value: 'Link', label: linkLabel },
    { value: 'Create New', label: createNewLabel },
    { value: 'Skip', label: skipLabel },
  ],
};
const LABEL_OF = new Map(Object.values(DECISIONS).flatMap((list) => list.map((d) => [d.value, d.label] as const)));

interface ReviewRow {
  id: string;
  logName: string;
  kindText: string;
  isConflict: boolean;
  recordName: string;
  recordUrl: string | null;
  objectName: string;
  fieldName: string;
  quickBooksValue: string;
  salesforceValue: string;
  candidateName: string;
  candidateId: string;
  message: string;
  decisions: { value: string; label: string; key: string }[];
  groupLabel: string;
  recordedText: string;
  decided: boolean;
  failedText: string;
}

export default class NeedsReview extends LightningElement {
  labels = {
    title: titleLabel,
    empty: emptyLabel,
    error: errorLabel,
    loading: loadingLabel,
    quickBooksValue: quickBooksValueLabel,
    salesforceValue: salesforceValueLabel,
    candidate: candidateLabel,
  };

  objectApiName = LOG_OBJECT;
  listViewApiName = packageName(LOG_OBJECT.objectApiName, 'All');
  fields = FIELDS;
  optionalFields = OPTIONAL_FIELDS;
  sortBy = [`-${LAST_ATTEMPT_FIELD.fieldApiName}`];
  pageSize = 200;

  records?: UiRecord[];
  error?: unknown;
  /** Decisions sent from this page, by log id (until the list shows them). */
  sent: Record<string, string> = {};
  failures: Record<string, string> = {};
  busy: string[] = [];

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
  }

  get isLoading(): boolean {
    return !this.records && !this.error;
  }

  get errors(): string[] | undefined {
    return errorMessages(this.error);
  }

  get rows(): ReviewRow[] {
    return (this.records ?? [])
      .filter((r) => this.awaiting(r) || this.sent[r.id] !== undefined)
      .map((r) => this.toRow(r));
  }

  get isEmpty(): boolean {
    return Boolean(this.records) && this.rows.length === 0;
  }

  get hasRows(): boolean {
    return this.rows.length > 0;
  }

  /** A review log still waiting: Failed, of a kind, and not decided since it was last flagged. */
  private awaiting(r: UiRecord): boolean {
    const kind = stringValue(r, KIND_FIELD);
    if (!kind || !DECISIONS[kind] || stringValue(r, STATUS_FIELD) !== 'Failed') return false;
    const decidedAt = stringValue(r, DECIDED_AT_FIELD);
    const flaggedAt = stringValue(r, LAST_ATTEMPT_FIELD);
    return !stringValue(r, DECISION_FIELD) || Boolean(decidedAt && flaggedAt && decidedAt < flaggedAt);
  }

  async handleDecision(event: Event): Promise<void> {
    const button = event.currentTarget as HTMLElement;
    const id = button.dataset.id as string;
    const decision = button.dataset.decision as string;
    if (this.busy.includes(id)) return;
    this.busy = [...this.busy, id];
    const { [id]: _dropped, ...failures } = this.failures;
    this.failures = failures;
    try {
      await updateRecord({
        fields: {
          Id: id,
          [DECISION_FIELD.fieldApiName]: decision,
          [DECIDED_AT_FIELD.fieldApiName]: new Date().toISOString(),
          [DECIDED_BY_FIELD.fieldApiName]: USER_ID,
        },
      });
      this.sent = { ...this.sent, [id]: decision };
    } catch (e) {
      this.failures = { ...this.failures, [id]: reduceErrors(e).join(' ') };
    } finally {
      this.busy = this.busy.filter((b) => b !== id);
    }
  }

  private toRow(r: UiRecord): ReviewRow {
    const kind = stringValue(r, KIND_FIELD) ?? '';
    const logName = stringValue(r, NAME_FIELD) ?? r.id;
    const accountId = stringValue(r, ACCOUNT_FIELD);
    const sent = this.sent[r.id] ?? (this.awaiting(r) ? undefined : (stringValue(r, DECISION_FIELD) ?? undefined));
    const busy = this.busy.includes(r.id);
    const value = (v: string | null) => (v ? v : emptyValueLabel);
    return {
      id: r.id,
      logName,
      kindText: kind === 'Conflict' ? conflictLabel : matchLabel,
      isConflict: kind === 'Conflict',
      recordName: stringValue(r, ACCOUNT_NAME_FIELD) ?? accountId ?? logName,
      recordUrl: accountId ? `/lightning/r/Account/${accountId}/view` : null,
      objectName: stringValue(r, OBJECT_FIELD) ?? '',
      fieldName: stringValue(r, FIELD_FIELD) ?? '',
      quickBooksValue: value(stringValue(r, QB_VALUE_FIELD)),
      salesforceValue: value(stringValue(r, SF_VALUE_FIELD)),
      candidateName: stringValue(r, CANDIDATE_NAME_FIELD) ?? '',
      candidateId: stringValue(r, CANDIDATE_ID_FIELD) ?? '',
      message: stringValue(r, ERROR_MESSAGE_FIELD) ?? '',
      decisions: (DECISIONS[kind] ?? []).map((d) => ({ ...d, key: `${r.id}:${d.value}`, disabled: busy })),
      groupLabel: formatLabel(decisionsOfLabel, logName),
      decided: sent !== undefined,
      recordedText: sent ? formatLabel(sentLabel, LABEL_OF.get(sent) ?? sent) : '',
      failedText: this.failures[r.id] ? formatLabel(failedLabel, this.failures[r.id]!) : '',
    };
  }
}
