/**
 * @module
 * The light read a reconciliation asks of a Web Connector session: after the incremental reads,
 * each customer, invoice and payment with only the figures reconciliation compares (ids and
 * versions, names, dates, the customer, amounts and balances — `IncludeRetElement`), in iterator
 * pages. Each page's figures are stored with the session's next state in one transaction; after
 * the last one the session's reconciliations are read, and the session goes on to its writes. A
 * refused or unreadable answer ends the light read (the reconciliations fail, in words), never the
 * session.
 */
import { decimal, sum, toMoneyString } from '../../../lib/money.ts';
import type { Result } from '../../../lib/result.ts';
import { err, ok, relayError } from '../../../lib/result.ts';
import type { Db } from '../../../store/db.ts';
import type { Store } from '../../../store/index.ts';
import { reconciliationsRepo } from '../../../store/reconciliations.ts';
import type { Connection } from '../../../store/connections.ts';
import type { QbwcSession } from '../../../store/sessions.ts';
import type { BookEntry } from '../../../reconcile/book.ts';
import type { PlanState } from '../planner.ts';
import { parseQbxmlResponse, type QbxmlRecord } from '../qbxml/parse.ts';
import type { QbxmlQuery } from '../qbxml/request-types.ts';
import { buildQbxml, continueIterator } from '../qbxml/requests.ts';
import type { SoapResult } from '../soap/respond.ts';
import { SessionMoved } from './write-steps.ts';

type Session = QbwcSession<PlanState>;

/** The kind recorded for the light read's requests. */
export const FIGURES_KIND = 'FiguresQuery';

/** Where a session's light read stands (in its plan while it is due). */
export interface FiguresState {
  readonly step: number;
  readonly iteratorId: string | null;
}

const STAMP = ['TimeCreated', 'TimeModified', 'EditSequence'];
const STEPS = [
  {
    query: 'CustomerQuery',
    elements: ['ListID', ...STAMP, 'Name', 'FullName', 'IsActive', 'Sublevel'],
  },
  {
    query: 'InvoiceQuery',
    elements: [
      'TxnID',
      ...STAMP,
      'TxnDate',
      'RefNumber',
      'CustomerRef',
      'DueDate',
      'Subtotal',
      'SalesTaxTotal',
      'BalanceRemaining',
    ],
  },
  {
    query: 'ReceivePaymentQuery',
    elements: ['TxnID', ...STAMP, 'TxnDate', 'RefNumber', 'CustomerRef', 'TotalAmount'],
  },
] as const;

/** A record of the light read as reconciliation compares it; undefined for what it does not compare. */
export function figuresOf(r: QbxmlRecord): BookEntry | undefined {
  switch (r.kind) {
    case 'customer':
      return { object: 'customer', key: r.listId, label: r.fullName, version: r.editSequence, active: r.isActive };
    case 'invoice': {
      const total = toMoneyString(sum([decimal(r.subtotal ?? '0'), decimal(r.salesTaxTotal ?? '0')]));
      return {
        object: 'invoice',
        key: r.txnId,
        label: r.refNumber ?? r.txnId,
        version: r.editSequence,
        ...(r.customer.listId ? { customerKey: r.customer.listId } : {}),
        date: r.txnDate,
        ...(r.dueDate ? { dueDate: r.dueDate } : {}),
        amount: total,
        balance: r.balanceRemaining ? toMoneyString(decimal(r.balanceRemaining)) : total,
      };
    }
    case 'payment':
      return {
        object: 'payment',
        key: r.txnId,
        label: r.refNumber ?? r.txnId,
        version: r.editSequence,
        ...(r.customer.listId ? { customerKey: r.customer.listId } : {}),
        date: r.txnDate,
        amount: toMoneyString(decimal(r.totalAmount)),
      };
    default:
      return undefined;
  }
}

/** One answer of the light read: its figures and where the read goes on. */
export function readFiguresPage(
  xml: string,
  requestId: string,
): Result<{ entries: BookEntry[]; iteratorId: string | null; remaining: number }> {
  const parsed = parseQbxmlResponse(xml);
  if (!parsed.ok) return parsed;
  const rs = parsed.value.responses.find((r) => r.requestId === requestId);
  if (!rs) return err(relayError('qbwc_response_mismatch', `QuickBooks answered another request than ${requestId}.`));
  // 1: no records of that kind, an empty answer.
  if (rs.statusCode !== 0 && rs.statusCode !== 1)
    return err(
      relayError(`qbxml_status_${rs.statusCode}`, `QuickBooks refused it (${rs.statusCode}: ${rs.statusMessage}).`),
    );
  const entries = rs.records.flatMap((r) => figuresOf(r) ?? []);
  return ok({ entries, iteratorId: rs.iteratorId ?? null, remaining: rs.iteratorRemainingCount ?? 0 });
}

export interface FiguresStepsDeps {
  readonly store: Store;
  readonly idleMs: number;
  readonly pageSize: number;
  readonly now: () => number;
  /** Whether writes wait for the company (the session then goes on to them), read in the transaction `db`. */
  waiting(connectionId: string, db: Db): Promise<boolean>;
}

const withoutFigures = ({ figures: _done, ...rest }: PlanState): PlanState => rest;

/** @example const figures = createFiguresSteps({ store, idleMs, pageSize, now, waiting }); */
export function createFiguresSteps(d: FiguresStepsDeps) {
  return {
    /** The next request of the light read, when the session has one to make. */
    request(plan: PlanState): { request: { kind: string; id: string; xml: string }; plan: PlanState } | undefined {
      const f = plan.figures;
      const step = f ? STEPS[f.step] : undefined;
      if (!f || !step) return undefined;
      const seq = plan.seq + 1;
      const id = `figures-${seq}`;
      let q = {
        type: step.query,
        requestId: id,
        iterator: 'Start',
        maxReturned: d.pageSize,
        includeRetElements: step.elements,
        ...(step.query === 'CustomerQuery' ? { activeStatus: 'All' } : {}),
      } as QbxmlQuery;
      if (f.iteratorId) q = continueIterator(q as QbxmlQuery & { iterator?: string }, f.iteratorId, id);
      return {
        request: { kind: FIGURES_KIND, id, xml: buildQbxml([q], { onError: 'stopOnError' }) },
        plan: { ...plan, seq },
      };
    },

    /** Stores one answer's figures with the session's next state; a refused or unreadable answer ends the light read. */
    async receive(s: Session, c: Connection, response: string, requestId: string): Promise<SoapResult> {
      const f = s.plan.figures;
      if (!f) throw new Error(`session ${s.id} has no light read under way`);
      const page = readFiguresPage(response, requestId);
      const done = !page.ok || page.value.remaining === 0 || !page.value.iteratorId;
      const next: FiguresState | undefined = !page.ok
        ? undefined
        : !done
          ? { step: f.step, iteratorId: page.value.iteratorId }
          : f.step + 1 < STEPS.length
            ? { step: f.step + 1, iteratorId: null }
            : undefined;
      const moved = await d.store
        .transaction(async (tx) => {
          const repo = reconciliationsRepo(tx.db, d.now);
          if (page.ok)
            await repo.putFigures(
              s.id,
              page.value.entries.map((e) => ({ object: e.object, key: e.key, json: JSON.stringify(e) })),
            );
          if (!page.ok) await repo.failReading(s.id, `QuickBooks did not give its figures: ${page.error.message}`);
          else if (!next) await repo.read(s.id);
          const rest = withoutFigures(s.plan);
          const more = next !== undefined || (await d.waiting(c.id, tx.db));
          const ok = await tx.sessions.transition(
            s.id,
            'receive',
            {
              state: more ? 'send' : 'done',
              plan: next ? { ...rest, figures: next } : rest,
              request: null,
              progress: more ? 99 : 100,
            },
            d.idleMs,
          );
          if (!ok) throw new SessionMoved();
          return more ? 99 : 100;
        })
        .catch((e: unknown) => {
          if (e instanceof SessionMoved) return -1;
          throw e;
        });
      return moved;
    },
  };
}
