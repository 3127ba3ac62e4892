/**
 * @module
 * Migration 5: a claimed batch of outbox rows is read back page by page under its lease token
 * (large batches are streamed to the target, never held in memory at once).
 */
export default `
CREATE INDEX outbox_lease ON outbox (lease_owner, id);
`;
