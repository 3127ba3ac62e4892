/**
 * @module
 * The Dataverse Web API client's one face: {@link createDataverseClient} signs in (`auth.ts`),
 * sends through one transport per environment (`transport.ts`: headers, token, in-flight cap,
 * service protection waits) and offers the reads, writes by key, `$batch`, bulk messages and change tracking the
 * Dynamics system needs (`types.ts` `DataverseClient`). Configuration arrives as options; the
 * client reads no environment.
 */
import type { Logger } from '../../../lib/logger.ts';
import { createSignIn } from './auth.ts';
import { runBatch } from './batch.ts';
import { writeMultiple } from './bulk.ts';
import { readChanges } from './changes.ts';
import { readByKey, selectPages, whoAmI } from './reads.ts';
import { createTransport } from './transport.ts';
import type { DataverseClient } from './types.ts';
import { writeByKey } from './writes.ts';

export type * from './types.ts';
export { bind } from './keys.ts';
export { exactNumber } from './json.ts';
export { MICROSOFT_AUTHORITY } from './auth.ts';

export interface DataverseClientOptions {
  /** The environment URL, `https://contoso.crm.dynamics.com`. */
  readonly url: string;
  /** The sign-in; default Microsoft's (`https://login.microsoftonline.com`). */
  readonly authorityUrl?: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Requests in flight at once for this environment (default 8; Dataverse allows 52 per user). */
  readonly maxInFlight?: number;
  /** 429s (or 503s with Retry-After) waited out per request before `dyn_throttled` (default 5). */
  readonly throttleRetries?: number;
  /** Longest single wait a Retry-After may impose (default 5 minutes, the limits' window). */
  readonly maxWaitMs?: number;
  /** Per request (default 2 minutes, when Dataverse gives up on one itself). */
  readonly timeoutMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** The Web API's HTTP (default the global `fetch`). */
  readonly fetch?: typeof fetch;
  /** The sign-in's HTTP (default the global `fetch`). */
  readonly signInFetch?: typeof fetch;
  readonly log?: Logger;
}

/**
 * @example
 * const dyn = createDataverseClient({ url: 'https://contoso.crm.dynamics.com', tenantId, clientId, clientSecret });
 * const key = { lb_quickbooksconnection: 'acme', lb_quickbooksid: '80000001-1' };
 * const w = await dyn.upsert('accounts', key, { name: 'Acme' }, { returnRow: true }); // ok({ id, etag, row, status })
 */
export function createDataverseClient(o: DataverseClientOptions): DataverseClient {
  const now = o.now ?? Date.now;
  const url = o.url.replace(/\/+$/, '');
  const tokens = createSignIn({
    url,
    tenantId: o.tenantId,
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    now,
    ...(o.authorityUrl ? { authorityUrl: o.authorityUrl } : {}),
    ...(o.signInFetch ? { fetch: o.signInFetch } : {}),
  });
  const send = createTransport({
    url,
    tokens,
    fetch: o.fetch ?? fetch,
    sleep: o.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    now,
    timeoutMs: o.timeoutMs ?? 120_000,
    maxInFlight: o.maxInFlight ?? 8,
    throttleRetries: o.throttleRetries ?? 5,
    maxWaitMs: o.maxWaitMs ?? 300_000,
    ...(o.log ? { log: o.log.child({ system: 'dynamics', url }) } : {}),
  });
  return {
    whoAmI: () => whoAmI(send),
    request: send,
    select: (entitySet, opts) => selectPages(send, entitySet, opts),
    byKey: (entitySet, key, opts) => readByKey(send, entitySet, key, opts),
    upsert: (entitySet, key, body, opts) => writeByKey(send, 'upsert', entitySet, key, body, opts),
    create: (entitySet, key, body, opts) => writeByKey(send, 'create', entitySet, key, body, opts),
    update: (entitySet, key, body, opts) => writeByKey(send, 'update', entitySet, key, body, opts),
    batch: (groups) => runBatch(send, `${url}/api/data/v9.2/`, groups),
    writeMultiple: (kind, entitySet, table, rows) => writeMultiple(send, kind, entitySet, table, rows),
    changes: (from) => readChanges(send, from),
  };
}
