/**
 * @module
 * Migration 6: a source record remembers which target records its last mirror wrote (a JSON list
 * of `{object, externalIdField, externalId}`), so a line removed in the source is removed from
 * the target instead of staying behind; and an outbox row says what it asks of its target record
 * (`upsert`, or `remove` for a record that no longer exists in the source, such as a deleted
 * invoice line).
 */
export default `
ALTER TABLE record_state ADD COLUMN targets TEXT;
ALTER TABLE outbox ADD COLUMN operation TEXT NOT NULL DEFAULT 'upsert';
`;
