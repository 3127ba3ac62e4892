/**
 * @module
 * Injected failures, each firing on the next `times` matching API requests (default once), then gone,
 * like the Salesforce simulator's. The bodies are the recorded ones (spec/samples/errors).
 */

export type QboFaultKind =
  /** 429 ThrottleExceeded in XML (fault.3001.throttle.429.ruby.xml), as if the realm's limit were hit. */
  | 'throttle'
  /** The older 403 variant of the same body (fault.3001.throttle.403.ruby.xml). */
  | 'throttle_403'
  /** 401 in lower-case JSON, code 3200 "Token expired" (the access token dies early). */
  | 'token_expired'
  /** 401 as XML although JSON was asked for: AuthenticationFault 100 (fault.100.401…xml). */
  | 'auth_xml'
  /** 500 SystemFault 10000 in XML (fault.10000.systemfault.ruby.xml). */
  | 'system_error'
  /** 503 with no body, as a gateway answers when the service is down. */
  | 'unavailable'
  /** The connection is dropped without an answer. */
  | 'network_reset'
  /** The request is processed, but the answer waits `delayMs`. */
  | 'slow';

export interface FaultOptions {
  readonly times?: number;
  /** Substring or pattern of the path below `/v3/company/{realm}` (any when omitted). */
  readonly path?: string | RegExp;
  readonly method?: string;
  readonly realmId?: string;
  readonly delayMs?: number;
}

export interface QboFaults {
  inject(kind: QboFaultKind, opts?: FaultOptions): void;
  clear(): void;
  pending(): readonly { kind: QboFaultKind; left: number }[];
  /** The fault this request triggers, if any (uses one). */
  take(realmId: string, method: string, path: string): { kind: QboFaultKind; delayMs: number } | undefined;
}

export function createFaults(): QboFaults {
  let list: { kind: QboFaultKind; opts: FaultOptions; left: number }[] = [];
  return {
    inject: (kind, opts = {}) => void list.push({ kind, opts, left: opts.times ?? 1 }),
    clear: () => void (list = []),
    pending: () => list.map(({ kind, left }) => ({ kind, left })),
    take(realmId, method, path) {
      const f = list.find(
        ({ opts: o }) =>
          (!o.realmId || o.realmId === realmId) &&
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
