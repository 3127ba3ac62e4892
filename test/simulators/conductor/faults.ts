/**
 * @module
 * Injected failures, each firing on the next `times` matching `/quickbooks-desktop/*` requests
 * (default once; `Infinity` until cleared), then gone. The QuickBooks-side ones answer with
 * Conductor's INTEGRATION_CONNECTION_ERROR / QBD_CONNECTION_ERROR (502) and a `userFacingMessage`
 * written for the bookkeeper, with the QuickBooks SDK HRESULT in `integrationCode` where the SDK
 * has one: 0x80040408 "Could not start QuickBooks." and 0x8004040A "QuickBooks company data file is
 * already open and it is different from the one requested." (the SDK's result-code list, not
 * recorded Conductor traffic). A blocking modal dialog and an offline Web Connector carry no
 * QuickBooks code: QuickBooks never answers. The code names QBD_REQUEST_TIMEOUT, RATE_LIMIT_EXCEEDED
 * and INTERNAL_SERVER_ERROR are ours.
 */
import { ConductorFailure, MASKED, type ConductorError } from './errors.ts';

export type ConductorFaultKind =
  | 'quickbooks_not_running'
  | 'web_connector_offline'
  | 'wrong_company_file'
  | 'modal_dialog'
  /** Conductor gave up waiting for QuickBooks (its limit is 90 s): an error answer, at once. */
  | 'request_timeout'
  /** 429 with Retry-After. */
  | 'rate_limit'
  /** 500 INTERNAL_ERROR. */
  | 'server_error'
  /** 503 with a plain-text body, as a gateway answers. */
  | 'unavailable'
  /** The connection is dropped without an answer. */
  | 'network_reset'
  /** The request is processed, but the answer waits `delayMs` (real time), for client timeouts. */
  | 'slow';

export interface FaultOptions {
  readonly times?: number;
  /** Substring or pattern of the path below `/v1/quickbooks-desktop/` (any when omitted). */
  readonly path?: string | RegExp;
  readonly method?: string;
  readonly endUserId?: string;
  readonly delayMs?: number;
}

export interface ConductorFaults {
  inject(kind: ConductorFaultKind, opts?: FaultOptions): void;
  clear(): void;
  pending(): readonly { kind: ConductorFaultKind; left: number }[];
  /** The fault this request triggers, if any (uses one). */
  take(endUserId: string, method: string, path: string): { kind: ConductorFaultKind; delayMs: number } | undefined;
}

export function createFaults(): ConductorFaults {
  let list: { kind: ConductorFaultKind; opts: FaultOptions; left: number }[] = [];
  return {
    inject: (kind, opts = {}) => void list.push({ kind, opts, left: opts.times ?? 1 }),
    clear: () => void (list = []),
    pending: () => list.map(({ kind, left }) => ({ kind, left })),
    take(endUserId, method, path) {
      const f = list.find(
        ({ opts: o }) =>
          (!o.endUserId || o.endUserId === endUserId) &&
          (!o.method || o.method.toUpperCase() === method.toUpperCase()) &&
          (!o.path || (typeof o.path === 'string' ? path.includes(o.path) : o.path.test(path))),
      );
      if (!f) return undefined;
      f.left--;
      list = list.filter((e) => e.left > 0);
      return { kind: f.kind, delayMs: f.opts.delayMs ?? 1000 };
    },
  };
}

const connection = (message: string, userFacingMessage: string, integrationCode?: string): ConductorError => ({
  status: 502,
  type: 'INTEGRATION_CONNECTION_ERROR',
  code: 'QBD_CONNECTION_ERROR',
  message,
  userFacingMessage,
  ...(integrationCode ? { integrationCode } : {}),
});

/** The error an injected fault answers with; undefined for the kinds that are not an error body. */
export function faultError(kind: ConductorFaultKind): ConductorFailure | undefined {
  const e = ((): ConductorError | undefined => {
    switch (kind) {
      case 'quickbooks_not_running':
        return connection(
          'QBD Connection Error (0x80040408): Could not start QuickBooks.',
          'We could not connect to QuickBooks Desktop because it is not running. Open QuickBooks Desktop on the computer that holds the company file, log in, and try again.',
          '0x80040408',
        );
      case 'wrong_company_file':
        return connection(
          'QBD Connection Error (0x8004040A): QuickBooks company data file is already open and it is different from the one requested.',
          'A different company file is open in QuickBooks Desktop. Close it, open the company file connected to this integration, and try again.',
          '0x8004040A',
        );
      case 'modal_dialog':
        return connection(
          'QBD Connection Error: QuickBooks Desktop did not accept the request because a dialog window is open in QuickBooks.',
          'A window is open in QuickBooks Desktop that is waiting for an answer. Close every open dialog in QuickBooks Desktop and try again.',
        );
      case 'web_connector_offline':
        return connection(
          "QBD Connection Error: The Web Connector on the end-user's computer did not respond; it is not running or the computer is offline.",
          'We could not reach QuickBooks Desktop. Make sure the computer with QuickBooks is on, and that the QuickBooks Web Connector is running, then try again.',
        );
      case 'request_timeout':
        return {
          status: 504,
          type: 'INTEGRATION_CONNECTION_ERROR',
          code: 'QBD_REQUEST_TIMEOUT',
          message: 'QuickBooks Desktop did not respond within 90 seconds.',
          userFacingMessage:
            'QuickBooks Desktop is taking too long to respond. Make sure it is not busy with another task, then try again.',
        };
      case 'rate_limit':
        return {
          status: 429,
          type: 'INVALID_REQUEST_ERROR',
          code: 'RATE_LIMIT_EXCEEDED',
          message: 'Too many requests. Slow down and retry after the number of seconds in Retry-After.',
          userFacingMessage: MASKED,
          headers: { 'retry-after': '1' },
        };
      case 'server_error':
        return {
          status: 500,
          type: 'INTERNAL_ERROR',
          code: 'INTERNAL_SERVER_ERROR',
          message: 'An internal server error occurred.',
          userFacingMessage: MASKED,
        };
      default:
        return undefined;
    }
  })();
  return e && new ConductorFailure(e);
}
