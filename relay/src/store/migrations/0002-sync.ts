/**
 * @module
 * Migration 2: the sync engine's state. `record_state` remembers what was last mirrored of each
 * source record (content hash, and for transactions the inputs of the Account roll-ups);
 * `outbox` holds every pending write to the target, durably, until the target confirms it (one
 * row per target record and slot: a customer's own fields and its balance roll-ups are separate);
 * `id_map` links external IDs to the target's record ids; `audit_log` records every record moved;
 * `sync_runs` one row per pass.
 */
export default `
CREATE TABLE record_state (
  connection_id TEXT NOT NULL,
  record_type TEXT NOT NULL,
  source_id TEXT NOT NULL,
  source_version TEXT,
  content_hash TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  party_id TEXT,
  total TEXT,
  balance TEXT,
  due_date TEXT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (connection_id, record_type, source_id)
);
CREATE INDEX record_state_party ON record_state (connection_id, record_type, party_id);

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  connection_id TEXT NOT NULL,
  rank INTEGER NOT NULL,
  sobject TEXT NOT NULL,
  external_id_field TEXT NOT NULL,
  external_id TEXT NOT NULL,
  slot TEXT NOT NULL DEFAULT '',
  payload TEXT NOT NULL,
  create_only TEXT,
  source_type TEXT NOT NULL,
  source_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  generation INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT,
  error_code TEXT,
  error_message TEXT,
  run_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (connection_id, sobject, external_id, slot)
);
CREATE INDEX outbox_ready ON outbox (status, next_attempt_at, rank);

CREATE TABLE id_map (
  connection_id TEXT NOT NULL,
  sobject TEXT NOT NULL,
  external_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (connection_id, sobject, external_id)
);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at BIGINT NOT NULL,
  run_id TEXT,
  connection_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  source_type TEXT NOT NULL,
  source_id TEXT NOT NULL,
  target_object TEXT NOT NULL,
  target_external_id TEXT NOT NULL,
  target_id TEXT,
  operation TEXT NOT NULL,
  outcome TEXT NOT NULL,
  error_code TEXT,
  error_message TEXT,
  content_hash TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (connection_id, source_type, source_id);

CREATE TABLE sync_runs (
  id TEXT PRIMARY KEY,
  connection_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  records_read INTEGER NOT NULL DEFAULT 0,
  records_created INTEGER NOT NULL DEFAULT 0,
  records_updated INTEGER NOT NULL DEFAULT 0,
  records_unchanged INTEGER NOT NULL DEFAULT 0,
  records_failed INTEGER NOT NULL DEFAULT 0,
  outcome TEXT NOT NULL,
  summary TEXT
);
`;
