/**
 * @module
 * Salesforce as the engine's reporter: runs, the connection's health and failure logs become
 * records of the package's objects (`QuickBooks_Sync_Run__c`, `QuickBooks_Connection__c`,
 * `QuickBooks_Sync_Log__c`), each under its external key so a report sent twice updates one
 * record. Their ranks are the engine's report ranks, not the target's: the connection and runs
 * before every record, logs after. An order's history — each journal entry booked for it and each
 * reversal — is kept as Sync Logs too (`Succeeded`, `Book` or `Reverse`), linked to the Order.
 */
import { withoutUndefined } from '../../lib/objects.ts';
import type {
  ConnectionReport,
  FailureLog,
  HistoryEntry,
  ReconciliationReport,
  Reporter,
  ReviewDecision,
  ReviewDetails,
  RunReport,
} from '../../sync/adapters.ts';
import { kindInWords } from '../../sync/model.ts';
import { REPORT_RANK } from '../../sync/ranks.ts';

/** The log's lookup to the org's record a write into QuickBooks came from, by kind. */
const RECORD_LOOKUP: Readonly<Record<string, string>> = {
  customer: 'Account__c',
  vendor: 'Account__c',
  item: 'Product__c',
  invoice: 'Opportunity__c',
  order: 'Order__c',
};

/** The org's record that shows where a record going into QuickBooks stands, by kind. */
const STATUS_OBJECT: Readonly<Record<string, string>> = {
  customer: 'Account',
  vendor: 'Account',
  item: 'Product2',
  invoice: 'Opportunity',
  order: 'Order',
};

/**
 * Kinds whose QuickBooks record comes back as no mirror (no journal entry object in the package):
 * a confirmed write shows `Synced` on the record itself, with the QuickBooks record's key here.
 */
const CONFIRMED_ID: Readonly<Record<string, string>> = {
  order: 'QuickBooks_Journal_Entry_Id__c',
};

/** What QuickBooks records a kind's postings as, in words, for the kinds whose history is kept. */
const POSTING: Readonly<Record<string, { readonly noun: string; readonly record: string }>> = {
  order: { noun: 'journal entry', record: 'Order' },
};

/** A posting in words: "Journal entry 31 reversed by entry 32: the Order changed." */
function historyMessage({ event }: HistoryEntry, { noun, record }: { noun: string; record: string }): string {
  const why = event.reason === 'cancelled' ? `the ${record} was cancelled` : `the ${record} changed`;
  if (event.operation === 'reverse') {
    const what = noun.charAt(0).toUpperCase() + noun.slice(1);
    return `${what} ${event.replaces ?? ''} reversed by entry ${event.targetId}: ${why}.`;
  }
  const booked = `Booked as ${noun} ${event.targetId}`;
  return event.replaces ? `${booked} after ${why}; it replaces entry ${event.replaces}.` : `${booked}.`;
}

/** A review's decision as the log's picklist names it. */
export const DECISION_VALUE: Readonly<Record<ReviewDecision, string>> = {
  keep_books: 'Keep QuickBooks',
  keep_crm: 'Keep Salesforce',
  link: 'Link',
  create: 'Create New',
  skip: 'Skip',
};

/** What a review log shows side by side (both values of a conflict; the candidate of a match). */
function reviewFields(review: ReviewDetails | undefined): Record<string, unknown> {
  if (!review) return {};
  if (review.kind === 'conflict')
    return {
      Review_Kind__c: 'Conflict',
      Field__c: review.field.slice(0, 255),
      QuickBooks_Value__c: review.books,
      Salesforce_Value__c: review.crm,
    };
  return {
    Review_Kind__c: 'Match',
    Candidate_Id__c: review.candidateKey.slice(0, 255),
    Candidate_Name__c: review.candidateName.slice(0, 255),
  };
}

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : undefined);
const connectionRef = (key: string) => ({ Connection_Key__c: key });
const direction = (r: { outbound?: boolean }) => (r.outbound ? 'Salesforce to QuickBooks' : 'QuickBooks to Salesforce');
const OUTCOME: Record<RunReport['outcome'], string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  completed_with_failures: 'Completed with Failures',
  failed: 'Failed',
};

/**
 * `changes`: how the org's changes reach the relay now, in words (change events, or polling and
 * why), shown on each connection record; `mappingProblems`: the field mappings ignored on a
 * connection, in words, the company's custom fields as last read included (undefined while no
 * mapping was ever active: the field is not written).
 * @example const reporter = createSalesforceReporter('salesforce'); reporter.runWrite(run)
 */
export function createSalesforceReporter(
  connectionId: string,
  {
    changes,
    mappingProblems,
  }: {
    changes?: () => string;
    mappingProblems?: (c: Pick<ConnectionReport, 'connectionKey' | 'customFields'>) => string | undefined;
  } = {},
): Reporter {
  return {
    connectionId,
    // A failure log links the Account of the record: the record itself, or the customer or vendor it names.
    ownerOf({ object, externalId, fields }) {
      if (object === 'Account') return { object, externalId };
      const ref = (fields.Account__r ?? fields.Account) as Record<string, unknown> | undefined;
      const customer = ref?.QuickBooks_Customer_Id__c;
      const vendor = ref?.QuickBooks_Vendor_Id__c;
      if (typeof customer === 'string') return { object: 'Account', externalId: customer };
      if (typeof vendor === 'string') return { object: 'Account', externalId: vendor };
      return undefined;
    },
    failureLogWrite: (log: FailureLog) => ({
      object: 'QuickBooks_Sync_Log__c',
      externalIdField: 'Log_Key__c',
      externalId: log.key,
      fields: {
        Connection__r: connectionRef(log.connectionKey),
        ...(log.runKey ? { Sync_Run__r: { Run_Key__c: log.runKey } } : {}),
        ...(log.accountId ? { Account__c: log.accountId } : {}),
        ...(log.record && RECORD_LOOKUP[log.record.type] ? { [RECORD_LOOKUP[log.record.type]!]: log.record.id } : {}),
        Direction__c: direction(log),
        Object__c: kindInWords(log.sourceType),
        Operation__c: 'Upsert',
        Status__c: log.status,
        // Going into QuickBooks, the record is the org's own (its Id is the record id) and has no QuickBooks id yet.
        QuickBooks_Id__c: log.outbound ? undefined : log.sourceId,
        Record_Id__c: log.targetExternalId || undefined,
        Error_Code__c: log.errorCode,
        Error_Message__c: log.errorMessage,
        Attempts__c: log.attempts,
        ...(log.attemptedAt ? { Last_Attempt_At__c: iso(log.attemptedAt) } : {}),
        Replay_Requested__c: false,
        ...reviewFields(log.review),
        ...(log.decided
          ? { Replay_Result__c: log.errorMessage }
          : log.status === 'Resolved'
            ? { Replay_Result__c: log.outbound ? 'Written to QuickBooks.' : 'Written to Salesforce.' }
            : {}),
      },
      rank: REPORT_RANK.log,
      source: { type: 'syncLog', id: log.key },
    }),
    historyWrite(entry) {
      const posting = POSTING[entry.record.type];
      const lookup = RECORD_LOOKUP[entry.record.type];
      if (!posting || !lookup) return undefined;
      const { event, connectionKey } = entry;
      return {
        object: 'QuickBooks_Sync_Log__c',
        externalIdField: 'Log_Key__c',
        externalId: entry.key,
        fields: {
          Connection__r: connectionRef(connectionKey),
          ...(entry.runKey ? { Sync_Run__r: { Run_Key__c: entry.runKey } } : {}),
          [lookup]: entry.record.id,
          Direction__c: direction({ outbound: true }),
          Object__c: kindInWords(entry.record.type),
          Operation__c: event.operation === 'reverse' ? 'Reverse' : 'Book',
          Status__c: 'Succeeded',
          QuickBooks_Id__c: `${connectionKey}:${event.targetId}`,
          Replaces_Id__c: event.replaces ? `${connectionKey}:${event.replaces}` : undefined,
          Record_Id__c: entry.record.id,
          Message__c: historyMessage(entry, posting),
          Last_Attempt_At__c: iso(entry.at),
        },
        rank: REPORT_RANK.log,
        source: { type: 'syncLog', id: entry.key },
      };
    },
    outboundStatusWrite({ type, id }, status, written) {
      const object = STATUS_OBJECT[type];
      const idField = CONFIRMED_ID[type];
      // A confirmed write's Synced comes back with its mirror, except for kinds no mirror comes back for;
      // Synced without a write (a review settled) is shown on the record itself.
      if (!object || (status === 'Synced' && !idField && written)) return undefined;
      return {
        object,
        externalIdField: 'Id',
        externalId: id,
        slot: 'status',
        fields: {
          QuickBooks_Sync_Status__c: status,
          ...(idField && written?.targetId ? { [idField]: `${written.connectionKey}:${written.targetId}` } : {}),
        },
        rank: REPORT_RANK.run,
        source: { type, id },
      };
    },
    confirms: (type) => Object.hasOwn(CONFIRMED_ID, type),
    runWrite: (run: RunReport) => ({
      object: 'QuickBooks_Sync_Run__c',
      externalIdField: 'Run_Key__c',
      externalId: run.key,
      fields: {
        Connection__r: connectionRef(run.connectionKey),
        Direction__c: direction(run),
        Started_At__c: iso(run.startedAt),
        Finished_At__c: iso(run.finishedAt),
        Records_Read__c: run.read,
        Records_Created__c: run.created,
        Records_Updated__c: run.updated,
        Records_Unchanged__c: run.unchanged,
        Records_Failed__c: run.failed,
        Outcome__c: OUTCOME[run.outcome],
        Summary__c: run.summary,
      },
      rank: REPORT_RANK.run,
      source: { type: 'syncRun', id: run.key },
    }),
    connectionWrite: (c: ConnectionReport) => ({
      object: 'QuickBooks_Connection__c',
      externalIdField: 'Connection_Key__c',
      externalId: c.connectionKey,
      fields: withoutUndefined({
        Name: (c.companyName ?? c.connectionKey).slice(0, 80),
        Edition__c: c.edition,
        Status__c: c.status,
        Company_Name__c: c.companyName,
        Last_Contact_At__c: iso(c.lastContactAt),
        Last_Success_At__c: iso(c.lastSuccessAt),
        Last_Error__c: c.lastError ?? '',
        Last_Run_Summary__c: c.lastRunSummary?.slice(0, 255),
        Pending_Count__c: c.pending,
        Failed_Count__c: c.failed,
        To_QuickBooks_Pending__c: c.toBooks?.pending,
        To_QuickBooks_Failed__c: c.toBooks?.failed,
        Salesforce_Changes__c: c.toBooks ? changes?.().slice(0, 255) : undefined,
        Relay_URL__c: c.relayUrl,
        Time_Zone__c: c.timeZone,
        Field_Mapping_Problems__c: mappingProblems?.(c),
      }),
      rank: REPORT_RANK.connection,
      source: { type: 'connection', id: c.connectionKey },
    }),
    reconciliationWrite: (r: ReconciliationReport) => ({
      object: 'QuickBooks_Connection__c',
      externalIdField: 'Connection_Key__c',
      externalId: r.connectionKey,
      slot: 'reconciliation',
      fields: {
        Last_Reconciled_At__c: new Date(r.at).toISOString(),
        Reconciliation_Differences__c: r.differences,
        Reconciliation_Result__c: r.summary.slice(0, 255),
      },
      rank: REPORT_RANK.connection,
      source: { type: 'connection', id: r.connectionKey },
    }),
  };
}
