/**
 * @module
 * What to ask QuickBooks next, as pure functions over a session's persisted plan. A session first
 * makes sure the company file is identified (QBWC's host/company/preferences response, or our own
 * HostQuery + CompanyQuery + PreferencesQuery when it sent none), then pulls each object type
 * incrementally in reference order (accounts → items → customers → vendors → invoices → bills →
 * payments → journal entries → deletions): from the durable cursor minus an overlap window, in
 * iterator pages that live only inside this session. A step's cursor advances when its last page
 * is in the inbox, and only if it is still at the version the step read it at (a page of the step
 * the relay could not read has rewound it meanwhile); a stale iterator (3391) restarts the step
 * from the cursor once.
 */
import { LIST_DEL_TYPES, TXN_DEL_TYPES } from './qbxml/request-types.ts';
import type { QbxmlQuery } from './qbxml/request-types.ts';
import { buildQbxml, continueIterator } from './qbxml/requests.ts';
import type { Cursor } from '../../store/cursors.ts';
import type { PageSummary, RecordStamp } from './session/page.ts';
import type { WritingState } from './session/write-phase.ts';
import type { FiguresState } from './session/figures-steps.ts';

type Kind = 'list' | 'txn' | 'listDeleted' | 'txnDeleted';

export interface SyncStep {
  /** Cursor key. */
  readonly objectType: string;
  readonly query: QbxmlQuery['type'];
  readonly kind: Kind;
  readonly iterates: boolean;
}

/** The pull order: referenced records before the records that reference them, deletions last. */
export const SYNC_STEPS: readonly SyncStep[] = [
  { objectType: 'Account', query: 'AccountQuery', kind: 'list', iterates: false },
  { objectType: 'Item', query: 'ItemQuery', kind: 'list', iterates: true },
  { objectType: 'Customer', query: 'CustomerQuery', kind: 'list', iterates: true },
  { objectType: 'Vendor', query: 'VendorQuery', kind: 'list', iterates: true },
  { objectType: 'Invoice', query: 'InvoiceQuery', kind: 'txn', iterates: true },
  { objectType: 'Bill', query: 'BillQuery', kind: 'txn', iterates: true },
  { objectType: 'ReceivePayment', query: 'ReceivePaymentQuery', kind: 'txn', iterates: true },
  { objectType: 'JournalEntry', query: 'JournalEntryQuery', kind: 'txn', iterates: true },
  { objectType: 'ListDeleted', query: 'ListDeletedQuery', kind: 'listDeleted', iterates: false },
  { objectType: 'TxnDeleted', query: 'TxnDeletedQuery', kind: 'txnDeleted', iterates: false },
];

/** The kind recorded for our own HostQuery + CompanyQuery + PreferencesQuery request. */
export const HOST_COMPANY_KIND = 'HostCompanyQuery';

export interface Pending {
  /** Newest modification time seen in this step so far, as QuickBooks wrote it. */
  readonly from: string | null;
  /** `[id, editSequence, modified]` of records within the overlap window below `from`. */
  readonly boundary: readonly (readonly [string, string, string])[];
}

/** The planner's persisted state (JSON in `qbwc_sessions.plan`); the step index is `session.step`. */
export interface PlanState {
  readonly companyChecked: boolean;
  readonly iteratorId: string | null;
  readonly pages: number;
  readonly stepRecords: number;
  readonly remaining: number | null;
  readonly pending: Pending | null;
  readonly restarts: number;
  readonly seq: number;
  readonly warnings: readonly { readonly code: string; readonly message: string }[];
  /**
   * Customers (ListIDs) a user asked to sync ("Sync with QuickBooks" on an Account): after the
   * incremental steps, one more request re-reads them with their invoices and payments.
   */
  readonly targets?: readonly string[];
  /** The version of the current step's cursor when its first request was planned. */
  readonly cursorVersion?: number;
  /** After the reads, when a reconciliation asked for them: the light read of the figures (see `session/figures-steps.ts`). */
  readonly figures?: FiguresState;
  /** After the reads: the batch of writes being sent (see `session/write-phase.ts`). */
  readonly writing?: WritingState;
}

/** Kind recorded for the re-read of requested customers. */
export const TARGETED_KIND = 'TargetedQuery';

/** Steps of this session: the incremental ones, plus the targeted re-read when there are targets. */
const stepCount = (plan: PlanState) => SYNC_STEPS.length + (plan.targets?.length ? 1 : 0);

function targetedRequest(plan: PlanState, seq: number): PlannedRequest {
  const id = `targeted-${seq}`;
  const listIds = [...(plan.targets ?? [])];
  const xml = buildQbxml(
    [
      { type: 'CustomerQuery', requestId: id, listIds, ownerIds: ['0'] },
      { type: 'InvoiceQuery', requestId: `${id}-i`, entity: { listIds }, includeLineItems: true, ownerIds: ['0'] },
      { type: 'ReceivePaymentQuery', requestId: `${id}-p`, entity: { listIds }, ownerIds: ['0'] },
    ] as QbxmlQuery[],
    { onError: 'continueOnError' },
  );
  return { kind: TARGETED_KIND, id, xml };
}

export interface PlannerOptions {
  readonly pageSize: number;
  readonly overlapSeconds: number;
  readonly ownerId: string;
}

/** @example const plan = initialPlan(); */
export function initialPlan(): PlanState {
  return {
    companyChecked: false,
    iteratorId: null,
    pages: 0,
    stepRecords: 0,
    remaining: null,
    pending: null,
    restarts: 0,
    seq: 0,
    warnings: [],
  };
}

/** QuickBooks' timestamp without its (DST-unreliable) offset: local time of the QuickBooks machine. */
const naive = (ts: string) => ts.slice(0, 19);

/**
 * `ts` (local QuickBooks time, offset ignored) moved back by `seconds`, without offset, as
 * FromModifiedDate expects.
 * @example minusSeconds('2024-03-01T08:55:00-08:00', 300) // '2024-03-01T08:50:00'
 */
export function minusSeconds(ts: string, seconds: number): string {
  const ms = Date.parse(`${naive(ts)}Z`);
  if (Number.isNaN(ms)) return naive(ts);
  return new Date(ms - seconds * 1000).toISOString().slice(0, 19);
}

export interface PlannedRequest {
  readonly kind: string;
  readonly id: string;
  readonly xml: string;
}

function query(step: SyncStep, requestId: string, from: string | undefined, opts: PlannerOptions): QbxmlQuery {
  const base = { requestId, ...(from ? { fromModifiedDate: from } : {}) };
  const page = step.iterates ? { iterator: 'Start' as const, maxReturned: opts.pageSize } : {};
  switch (step.kind) {
    case 'list':
      return { type: step.query, ...base, ...page, activeStatus: 'All', ownerIds: ['0'] } as QbxmlQuery;
    case 'txn':
      return { type: step.query, ...base, ...page, includeLineItems: true, ownerIds: ['0'] } as QbxmlQuery;
    case 'listDeleted':
      return {
        type: 'ListDeletedQuery',
        requestId,
        listDelTypes: LIST_DEL_TYPES.filter(
          (t) => t === 'Account' || t === 'Customer' || t === 'Vendor' || t.startsWith('Item'),
        ),
        ...(from ? { fromDeletedDate: from } : {}),
      };
    case 'txnDeleted':
      return {
        type: 'TxnDeletedQuery',
        requestId,
        txnDelTypes: TXN_DEL_TYPES.filter((t) => ['Invoice', 'Bill', 'ReceivePayment', 'JournalEntry'].includes(t)),
        ...(from ? { fromDeletedDate: from } : {}),
      };
  }
}

/**
 * The next request of a session at `stepIndex`, or `undefined` when every step is done.
 * @example const next = nextRequest(session.step, plan, cursor, { pageSize: 500, overlapSeconds: 300, ownerId });
 */
export function nextRequest(
  stepIndex: number,
  plan: PlanState,
  cursor: Cursor | undefined,
  opts: PlannerOptions,
): { request: PlannedRequest; plan: PlanState } | undefined {
  const seq = plan.seq + 1;
  if (!plan.companyChecked) {
    const id = `hcp-${seq}`;
    const xml = buildQbxml(
      [
        { type: 'HostQuery', requestId: `${id}-h` },
        { type: 'CompanyQuery', requestId: `${id}-c`, ownerIds: [opts.ownerId] },
        { type: 'PreferencesQuery', requestId: `${id}-p` },
      ],
      { onError: 'continueOnError' },
    );
    return { request: { kind: HOST_COMPANY_KIND, id, xml }, plan: { ...plan, seq } };
  }
  const step = SYNC_STEPS[stepIndex];
  if (!step) {
    return stepIndex === SYNC_STEPS.length && plan.targets?.length
      ? { request: targetedRequest(plan, seq), plan: { ...plan, seq } }
      : undefined;
  }
  const requestId = `${step.objectType}-${seq}`;
  const from = cursor?.fromModified ? minusSeconds(cursor.fromModified, opts.overlapSeconds) : undefined;
  let q = query(step, requestId, from, opts);
  const iteratorId = step.iterates ? plan.iteratorId : null;
  if (iteratorId) q = continueIterator(q as QbxmlQuery & { iterator?: string }, iteratorId, requestId);
  return {
    request: { kind: step.query, id: requestId, xml: buildQbxml([q], { onError: 'stopOnError' }) },
    plan: iteratorId ? { ...plan, seq } : { ...plan, seq, cursorVersion: cursor?.version ?? 0 },
  };
}

function merge(pending: Pending | null, records: readonly RecordStamp[], overlapSeconds: number): Pending {
  let from = pending?.from ?? null;
  for (const r of records) if (r.modified && (from === null || naive(r.modified) > naive(from))) from = r.modified;
  if (from === null) return { from: null, boundary: [] };
  const floor = minusSeconds(from, overlapSeconds);
  const keep = new Map<string, readonly [string, string, string]>();
  for (const b of pending?.boundary ?? []) keep.set(b[0], b);
  for (const r of records) keep.set(r.id, [r.id, r.editSequence, naive(r.modified)]);
  const boundary = [...keep.values()].filter((b) => b[2] >= floor);
  return { from, boundary: boundary.slice(-5000) };
}

export interface ReceiveOutcome {
  readonly plan: PlanState;
  readonly step: number;
  /** Records new to the relay (not in the cursor's overlap boundary with the same EditSequence). */
  readonly newRecords: number;
  /** Cursor to store with the inbox row, when a step completed with records. */
  readonly cursor?: {
    readonly objectType: string;
    readonly fromModified: string | null;
    readonly boundary: readonly (readonly [string, string])[];
    /** The version the step read the cursor at: the move is refused if the cursor changed since. */
    readonly ifVersion: number;
  };
  readonly warning?: { readonly code: string; readonly message: string };
  readonly done: boolean;
}

const STALE_ITERATOR = 3391;

/**
 * Moves the plan past one query response.
 * @example const out = afterResponse(session.step, plan, page, cursor, opts);
 */
export function afterResponse(
  stepIndex: number,
  plan: PlanState,
  page: PageSummary,
  cursor: Cursor | undefined,
  opts: PlannerOptions,
): ReceiveOutcome {
  const step = SYNC_STEPS[stepIndex];
  if (!step) {
    // The targeted re-read (if any) is the last step; its records are all handed to the inbox.
    return { plan, step: stepIndex + 1, newRecords: page.records.length, done: true };
  }
  const fresh: PlanState = {
    ...plan,
    iteratorId: null,
    pages: 0,
    stepRecords: 0,
    remaining: null,
    pending: null,
    restarts: 0,
  };
  const advance = (p: PlanState, extra: Partial<ReceiveOutcome> = {}): ReceiveOutcome => ({
    plan: p,
    step: stepIndex + 1,
    newRecords: 0,
    done: stepIndex + 1 >= stepCount(p),
    ...extra,
  });

  if (page.severity === 'Error') {
    if (page.statusCode === STALE_ITERATOR && plan.restarts < 1) {
      return {
        plan: { ...fresh, seq: plan.seq, restarts: plan.restarts + 1 },
        step: stepIndex,
        newRecords: 0,
        done: false,
      };
    }
    const warning = {
      code: `qbxml_status_${page.statusCode}`,
      message: `QuickBooks refused the ${step.objectType} query (${page.statusCode}: ${page.statusMessage}); ${step.objectType} records were skipped this time.`,
    };
    return advance({ ...fresh, warnings: [...plan.warnings, warning] }, { warning });
  }

  const seen = new Map(cursor?.boundary ?? []);
  const newRecords = page.records.filter((r) => seen.get(r.id) !== r.editSequence).length;
  const pending = merge(plan.pending, page.records, opts.overlapSeconds);
  const remaining = page.remaining ?? 0;
  if (step.iterates && remaining > 0 && page.iteratorId) {
    return {
      plan: {
        ...plan,
        iteratorId: page.iteratorId,
        pages: plan.pages + 1,
        stepRecords: plan.stepRecords + page.records.length,
        remaining,
        pending,
      },
      step: stepIndex,
      newRecords,
      done: false,
    };
  }
  const moved = pending.from !== null && (!cursor?.fromModified || naive(pending.from) >= naive(cursor.fromModified));
  return advance(fresh, {
    newRecords,
    ...(moved
      ? {
          cursor: {
            objectType: step.objectType,
            fromModified: pending.from,
            boundary: pending.boundary.map(([id, es]) => [id, es] as const),
            ifVersion: plan.cursorVersion ?? cursor?.version ?? 0,
          },
        }
      : {}),
  });
}

/**
 * A true integer percentage: finished steps plus the iterator's share of the current one; 100 only
 * when everything is done.
 * @example progressOf(2, plan) // 20..29
 */
export function progressOf(stepIndex: number, plan: PlanState, done: boolean): number {
  if (done) return 100;
  const total = stepCount(plan);
  const fraction = plan.remaining ? plan.stepRecords / (plan.stepRecords + plan.remaining) : 0;
  return Math.max(0, Math.min(99, Math.floor((100 * (stepIndex + fraction)) / total)));
}
