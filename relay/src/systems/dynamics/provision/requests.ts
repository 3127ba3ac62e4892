/**
 * @module
 * A metadata or registration request the provisioning plan asks for (method, path below
 * `/api/data/v9.2/`, body, headers), what it does in words, and the deterministic ids the plan
 * gives the registration rows it creates (so a step's image can name the step it is created after,
 * and a plan computed twice from the same state is the same plan).
 */
import { createHash } from 'node:crypto';

export interface MetadataRequest {
  readonly method: 'POST' | 'PUT' | 'PATCH';
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  /** What the request does, for the report: `column lb_quickbooksid on account`. */
  readonly does: string;
}

/**
 * A UUID (version 5 layout) derived from its parts.
 * @example stableId('step', 'Create', 'account') // '3b0c…-…' — the same every time
 */
export function stableId(...parts: readonly string[]): string {
  const h = createHash('sha1')
    .update(JSON.stringify(['ledgerbridge', ...parts]))
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
