/**
 * @module
 * Reference order across a whole pass, from the canonical model: what a record points to is
 * written before it, whichever page of source data it arrived in. Each kind of record, in the
 * model's reference order (`SYNC_ORDER`: accounts, items, customers, vendors, invoices, bills,
 * payments, journal entries, orders), has a band of ranks for its parts — the record itself, then what
 * follows it (a job after its parent, a contact after its party, an invoice's lines after it). The
 * engine's reports have ranks of their own: the connection and its runs before every record
 * (records point at them), failure logs after every record (they point at records).
 */
import { SYNC_ORDER, type RecordType } from './model.ts';

/** Ranks of one kind of record: parts 0 (the record itself) to 8. */
const BAND = 9;
const FIRST_RECORD_RANK = 10;

/**
 * Ranks of the engine's reports; `closing`: a run's closing sent with its last writes, after them
 * (see `closing.ts`).
 */
export const REPORT_RANK = { connection: 0, run: 1, log: 90, closing: 91 } as const;

/**
 * The rank of a part of a kind of record.
 * @example rankOf('customer') // 28
 * @example rankOf('invoice', 2) // 48: an invoice's lines, after the invoice (46) and its mirror (47)
 */
export function rankOf(kind: RecordType, part = 0): number {
  const rank = FIRST_RECORD_RANK + BAND * SYNC_ORDER.indexOf(kind) + part;
  // The last kind's band (orders, from 82) ends where second writes begin.
  if (!Number.isInteger(part) || part < 0 || part >= BAND || rank >= SECOND_WRITE_RANK)
    throw new Error(`No part ${part} of a ${kind}`);
  return rank;
}

/**
 * Second writes of records written earlier in the pass (a customer's balance roll-ups, an
 * Opportunity's amount from its lines): after every record of every kind.
 */
export const SECOND_WRITE_RANK = 85;

/** Data records (not the connection, runs or failure logs): what run counters and health count. */
export const isRecordRank = (rank: number): boolean => rank >= FIRST_RECORD_RANK && rank < REPORT_RANK.log;
