/**
 * @module
 * Migration 20: per entity, what the engine keeps of each field a field policy names — the value
 * both sides last agreed on, and whether a write of it is still on its way to one side (see
 * `sync/field-policy.ts`), as one JSON object per entity. And an outbox row can say what its
 * write changes, per field (the other side's agreed value, and ours), for the audit trail.
 */
export default `
CREATE TABLE field_states (
  entity_id TEXT PRIMARY KEY,
  fields TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
ALTER TABLE outbox ADD COLUMN changes TEXT;
`;
