/**
 * @module
 * The Conductor API client's one face: {@link createConductorClient} gives, for one end user (one
 * QuickBooks Desktop company file), the health check, cursor-following lists, reads, writes and
 * the deleted-* lists the QuickBooks Desktop system needs (`types.ts` `ConductorClient`), all
 * through one transport (`transport.ts`: headers, one request at a time per end user, timeout,
 * retries). Configuration arrives as options; the client reads no environment.
 */
import type { Logger } from '../../../lib/logger.ts';
import { deletedRecords, healthCheck, listPages, retrieve } from './reads.ts';
import { createTransport } from './transport.ts';
import type { ConductorClient } from './types.ts';
import { create, deleteTransaction, update, voidTransaction } from './writes.ts';

export type * from './types.ts';
export type { CdtErrorCode, ConductorFault } from './errors.ts';

export interface ConductorClientOptions {
  /** The Conductor secret key (`sk_…`), sent as `Authorization: Bearer`; never logged. */
  readonly secretKey: string;
  /** The end user whose company file this client reads and writes (`end_usr_…`). */
  readonly endUserId: string;
  /** Default `https://api.conductor.is` (paths below `/v1`). */
  readonly baseUrl?: string;
  /** Per request (default 2 minutes; Conductor waits up to 90 s for QuickBooks). */
  readonly timeoutMs?: number;
  /** Retries after a first attempt that failed for a passing reason (default 2). */
  readonly retries?: number;
  /** Times a list starts again from its first page after losing its iterator (default 2). */
  readonly maxRestarts?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Default the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Sees method, path, status and attempt of each call, and list restarts. */
  readonly log?: Logger;
}

/**
 * @example
 * const qbd = createConductorClient({ secretKey, endUserId: 'end_usr_1234567abcdefg' });
 * const health = await qbd.healthCheck(); // ok({ duration: 100, status: 'ok' })
 * for await (const page of qbd.list('customers', { status: 'all', updatedAfter: '2026-03-01T00:00:00-05:00' })) …
 */
export function createConductorClient(o: ConductorClientOptions): ConductorClient {
  const log = o.log?.child({ system: 'conductor', endUserId: o.endUserId });
  const send = createTransport({
    baseUrl: o.baseUrl ?? 'https://api.conductor.is',
    secretKey: o.secretKey,
    endUserId: o.endUserId,
    fetch: o.fetch ?? fetch,
    sleep: o.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    now: o.now ?? Date.now,
    timeoutMs: o.timeoutMs ?? 120_000,
    retries: o.retries ?? 2,
    ...(log ? { log } : {}),
  });
  const maxRestarts = o.maxRestarts ?? 2;
  return {
    healthCheck: () => healthCheck(send),
    list: (resource, opts = {}) => listPages(send, resource, opts, maxRestarts, log),
    retrieve: (resource, id) => retrieve(send, resource, id),
    create: (resource, body) => create(send, resource, body),
    update: (resource, id, body) => update(send, resource, id, body),
    void: (resource, id) => voidTransaction(send, resource, id),
    delete: (resource, id) => deleteTransaction(send, resource, id),
    deleted: (kind, opts) => deletedRecords(send, kind, opts),
  };
}
