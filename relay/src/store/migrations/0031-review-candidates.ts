/**
 * @module
 * Migration 31: what a failed write that asks a person to decide found (`outbox.review`, JSON): the
 * QuickBooks record of the same name another record already mirrors, for its Sync Log to show.
 */
export default `
ALTER TABLE outbox ADD COLUMN review TEXT;
`;
