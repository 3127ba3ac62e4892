/**
 * @module
 * Fault injection for the Web Connector driver: QuickBooks not running (0x80040408), a modal dialog
 * open (0x80040414), a malformed response, a slow response, a response to one query type with a
 * record its reader must refuse (see unreadable.ts), and a company file busy for writes (another user
 * holds a lock: the next writes answer 3175 "internals could not be locked" or 3176 "failed to acquire
 * the lock", the statuses integrators resend on). Faults are armed for a number of occurrences and
 * consumed in order; a busy file lets queries through and counts only writes.
 */
import { HRESULT, QbHresultError } from './request.ts';

export type FaultKind =
  'qbNotRunning' | 'modalDialog' | 'malformedResponse' | 'slowResponse' | 'unreadableRecord' | 'recordInUse';

/** The lock-contention statuses a busy company file answers writes with. */
export type LockCode = 3175 | 3176;

interface Armed {
  readonly kind: FaultKind;
  remaining: number;
  readonly delayMs: number;
  /** `open`: when the Web Connector opens the company file; `request`: when QuickBooks processes a request. */
  readonly at: 'open' | 'request';
  /** unreadableRecord: the request type whose answer it garbles (e.g. `CustomerQuery`). */
  readonly query?: string;
  /** recordInUse: the status the write is answered with. */
  readonly code: LockCode;
}

const MESSAGES: Readonly<Record<'qbNotRunning' | 'modalDialog', readonly [string, string]>> = {
  qbNotRunning: [HRESULT.couldNotStart, 'Could not start QuickBooks.'],
  modalDialog: [
    HRESULT.modalDialog,
    'A modal dialog box is showing in the QuickBooks user interface. Your application cannot access QuickBooks until the user dismisses the dialog box.',
  ],
};

export interface Faults {
  /**
   * Arms a fault. `times` occurrences (default 1); `at` defaults to `open` for qbNotRunning/modalDialog and
   * `request` otherwise; `delayMs` for slowResponse; `query` for unreadableRecord (the request type);
   * `code` for recordInUse (3175, default, or 3176), which answers the next `times` writes.
   * @example company.faults.inject('modalDialog', { times: 1 });
   * @example company.faults.inject('unreadableRecord', { query: 'CustomerQuery' });
   * @example company.faults.inject('recordInUse', { times: 2, code: 3176 });
   */
  inject(
    kind: FaultKind,
    options?: { times?: number; delayMs?: number; at?: 'open' | 'request'; query?: string; code?: LockCode },
  ): void;
  clear(): void;
  /** Throws the armed HRESULT fault for `at`, if any. */
  throwIfArmed(at: 'open' | 'request'): void;
  /** Consumes an armed malformed-response fault. */
  takeMalformed(): boolean;
  /** Consumes an armed slow-response fault; the delay to apply (0 when none). */
  takeDelayMs(): number;
  /** Consumes an armed record-in-use fault (call for writes only); the status to answer with. */
  takeLocked(): LockCode | undefined;
  /** Consumes an armed unreadable-record fault for one of these request types. */
  takeUnreadable(types: readonly string[]): boolean;
  readonly armed: readonly { kind: FaultKind; remaining: number }[];
}

export function createFaults(): Faults {
  const armed: Armed[] = [];
  const take = (pred: (a: Armed) => boolean): Armed | undefined => {
    const a = armed.find((x) => x.remaining > 0 && pred(x));
    if (a) a.remaining--;
    return a;
  };
  return {
    inject(kind, { times = 1, delayMs = 5000, at, query, code = 3175 } = {}) {
      armed.push({
        kind,
        remaining: times,
        delayMs,
        code,
        at: at ?? (kind === 'qbNotRunning' || kind === 'modalDialog' ? 'open' : 'request'),
        ...(query ? { query } : {}),
      });
    },
    clear() {
      armed.length = 0;
    },
    throwIfArmed(at) {
      const a = take((x) => x.at === at && (x.kind === 'qbNotRunning' || x.kind === 'modalDialog'));
      if (a) {
        const [hresult, message] = MESSAGES[a.kind as 'qbNotRunning' | 'modalDialog'];
        throw new QbHresultError(hresult, message);
      }
    },
    takeMalformed: () => take((x) => x.kind === 'malformedResponse') !== undefined,
    takeDelayMs: () => take((x) => x.kind === 'slowResponse')?.delayMs ?? 0,
    takeLocked: () => take((x) => x.kind === 'recordInUse')?.code,
    takeUnreadable: (types) =>
      take((x) => x.kind === 'unreadableRecord' && x.query !== undefined && types.includes(x.query)) !== undefined,
    get armed() {
      return armed.filter((a) => a.remaining > 0).map((a) => ({ kind: a.kind, remaining: a.remaining }));
    },
  };
}
