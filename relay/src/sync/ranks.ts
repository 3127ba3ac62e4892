/**
 * @module
 * Reference order across a whole pass: what a record points to is written before it, whichever
 * page of QuickBooks data it arrived in. Targets give each write a rank from these bands.
 */
export const RANK = {
  connection: 0,
  /** Run reports come right after the connection, so failure logs can point at their run. */
  run: 1,
  ledgerAccount: 10,
  product: 20,
  price: 21,
  /** Customers and vendors: a job is written after its parent (band + depth, up to 5 levels). */
  party: 30,
  contact: 40,
  opportunity: 50,
  transaction: 51,
  line: 52,
  payment: 60,
  rollup: 70,
  failureLog: 90,
} as const;

/** Data records (not the connection, runs or failure logs): what run counters and health counts. */
export const isRecordRank = (rank: number): boolean => rank >= RANK.ledgerAccount && rank < RANK.failureLog;
