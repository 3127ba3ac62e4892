/**
 * @module
 * Migration 20: per entity, what the engine keeps of each field a field policy names — the value
 * both sides last agreed on, and whether a write of it is still on its way to one side (see
 * `sync/field-policy.ts`), as one JSON object per entity. And an outbox row can say what its
 * write changes, per field (the other side's agreed value, and ours), for the audit trail. And the
 * failure logs of writes are found by the write they are about (`outbox_logged`): reports of a pull
 * target's writes look them up on every round. And an entity's record in a connection is found
 * from the entity (`identities_entity_records`), not among all of the connection's records.
 */
export default `
CREATE TABLE field_states (
  entity_id TEXT PRIMARY KEY,
  fields TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
ALTER TABLE outbox ADD COLUMN changes TEXT;
CREATE INDEX outbox_logged ON outbox (source_id) WHERE source_type = 'write';
CREATE INDEX identities_entity_records ON identities (entity_id, connection_id, object);
`;
