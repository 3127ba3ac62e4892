/**
 * @module
 * Fault injection for the Web Connector driver: QuickBooks not running (0x80040408), a modal dialog
 * open (0x80040414), a malformed response, a slow response. Faults are armed for a number of
 * occurrences and consumed in order.
 */
import { HRESULT, QbHresultError } from './request.ts';

export type FaultKind = 'qbNotRunning' | 'modalDialog' | 'malformedResponse' | 'slowResponse';

interface Armed {
  readonly kind: FaultKind;
  remaining: number;
  readonly delayMs: number;
  /** `open`: when the Web Connector opens the company file; `request`: when QuickBooks processes a request. */
  readonly at: 'open' | 'request';
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
   * `request` otherwise; `delayMs` for slowResponse.
   * @example company.faults.inject('modalDialog', { times: 1 });
   */
  inject(kind: FaultKind, options?: { times?: number; delayMs?: number; at?: 'open' | 'request' }): void;
  clear(): void;
  /** Throws the armed HRESULT fault for `at`, if any. */
  throwIfArmed(at: 'open' | 'request'): void;
  /** Consumes an armed malformed-response fault. */
  takeMalformed(): boolean;
  /** Consumes an armed slow-response fault; the delay to apply (0 when none). */
  takeDelayMs(): number;
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
    inject(kind, { times = 1, delayMs = 5000, at } = {}) {
      armed.push({
        kind,
        remaining: times,
        delayMs,
        at: at ?? (kind === 'qbNotRunning' || kind === 'modalDialog' ? 'open' : 'request'),
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
    get armed() {
      return armed.filter((a) => a.remaining > 0).map((a) => ({ kind: a.kind, remaining: a.remaining }));
    },
  };
}
