/**
 * @module
 * `requestid` values (reference §2.6, Intuit blog "Request ID update"): at most 50 characters on a
 * single write, 36 on a batch. A repeat with the same id gets the first answer, so ids must be
 * deterministic: one too long is replaced by a hash of itself, never by something random.
 */
import crypto from 'node:crypto';

export const WRITE_REQUEST_ID_MAX = 50;
export const BATCH_REQUEST_ID_MAX = 36;

const hash = (text: string, length: number): string =>
  crypto.createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * The id itself when it fits, else the first `max` hex digits of its SHA-256.
 * @example fitRequestId('sf-006Ak00000XyZ:v3', 50) // 'sf-006Ak00000XyZ:v3'
 */
export const fitRequestId = (id: string, max: number): string => (id.length <= max ? id : hash(id, max));

/**
 * The requestid of call `index` (0-based) of a batch split into several calls.
 * @example batchCallRequestId('run-42', 1) // 'run-42-1'
 */
export function batchCallRequestId(requestId: string, index: number): string {
  const plain = `${requestId}-${index}`;
  return plain.length <= BATCH_REQUEST_ID_MAX ? plain : hash(`${requestId}\u0000${index}`, BATCH_REQUEST_ID_MAX);
}
