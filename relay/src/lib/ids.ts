/**
 * @module
 * Time-ordered identifiers for rows written by the hundred thousand (outbox, audit trail). A random
 * UUID scatters every insert across the whole primary-key B-tree, so each transaction dirties pages
 * all over it; a UUIDv7 (RFC 9562: 48-bit millisecond time, then random bits) lands next to the last
 * one, and still never collides across relay processes.
 */
import { randomBytes } from 'node:crypto';

/**
 * @example uuidv7() // '019ad1f2-6b3c-7e41-9a0f-52c1d3e4f5a6'
 */
export function uuidv7(now: number = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
