/**
 * @module
 * Time-ordered identifiers for rows written by the hundred thousand (outbox, audit trail, inbox). A
 * random UUID scatters every insert across the whole primary-key B-tree, so each transaction dirties
 * pages all over it; a UUIDv7 (RFC 9562: 48-bit millisecond time, then random bits) lands next to
 * the last one, and still never collides across relay processes.
 */
import { randomUUID } from 'node:crypto';

let lastMs = -Infinity;
let sequence = 0;

/**
 * A random UUID (v4, drawn from Node's entropy cache: a third of the cost of 16 random bytes a
 * call) with its first 48 bits replaced by the time, its version by 7 and the 12 bits after it by a
 * counter; its variant and 62 random bits stay. Ids made in one millisecond (or after the clock was
 * set back) keep the last one's time and count up (RFC 9562 §6.2, method 1), so they sort in the
 * order this process made them: rows ordered by id (the inbox's pages of one read, received at the
 * same instant) are taken in the order they were written. Past 4,095 in a millisecond the time moves
 * on by one.
 * @example uuidv7() // '019ad1f2-6b3c-7000-9a0f-52c1d3e4f5a6'
 */
export function uuidv7(now: number = Date.now()): string {
  const random = randomUUID();
  let ms = Math.trunc(now);
  if (ms > lastMs) sequence = 0;
  else if (++sequence > 0xfff) [ms, sequence] = [lastMs + 1, 0];
  else ms = lastMs;
  lastMs = ms;
  const time = ms.toString(16).padStart(12, '0').slice(-12);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${sequence.toString(16).padStart(3, '0')}-${random.slice(19)}`;
}
