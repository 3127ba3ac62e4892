/**
 * @module
 * Migration 34: an index of when each waiting write can next be sent (a pending row at its next
 * attempt, a leased one when its lease runs out), by connection and rank. A first sync queues
 * hundreds of thousands of rows, and each claim and each idle tick asked for every connection's
 * lowest waiting rank and its soonest row by grouping them all (150 ms a call at 200,000 rows);
 * with this index they are seeks (`store/outbox-heads.ts`).
 */
export default `
CREATE INDEX outbox_ready_at ON outbox (connection_id, rank, (CASE WHEN status = 'pending' THEN next_attempt_at ELSE lease_until END))
  WHERE status IN ('pending', 'leased');
`;
