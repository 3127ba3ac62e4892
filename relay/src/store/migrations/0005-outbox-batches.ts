/**
 * @module
 * Migration 5: a claimed batch of outbox rows is read back page by page under its lease token
 * (large batches are streamed to the target, never held in memory at once); the outbox grows to
 * hundreds of thousands of rows while a first sync gathers, so finding a connection's lowest rank,
 * a rank's oldest waiting write and a run's open writes must not scan it.
 */
export default `
DROP INDEX outbox_ready;
CREATE INDEX outbox_waiting ON outbox (connection_id, rank, status, updated_at, next_attempt_at) WHERE status IN ('pending', 'leased');
CREATE INDEX outbox_lease ON outbox (lease_owner, id) WHERE lease_owner IS NOT NULL;
CREATE INDEX outbox_run ON outbox (run_id) WHERE status IN ('pending', 'leased');
CREATE INDEX outbox_failed ON outbox (connection_id) WHERE status = 'failed';
`;
