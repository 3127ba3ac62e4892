/**
 * @module
 * Migration 1: QuickBooks Desktop connections, Web Connector sessions, the inbox of raw responses
 * and the incremental-sync cursors. Portable SQL only (see `../db.ts`). The sync engine adds its
 * outbox, id map and audit trail in later migrations.
 */
export default `
CREATE TABLE connections (
  id TEXT PRIMARY KEY,
  edition TEXT NOT NULL,
  qbwc_username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  file_id TEXT NOT NULL,
  company_identity TEXT,
  company_name TEXT,
  company_file_path TEXT,
  product_name TEXT,
  country TEXT,
  qbxml_versions TEXT,
  identity_recorded_at BIGINT,
  paused_until BIGINT,
  health_status TEXT NOT NULL DEFAULT 'unknown',
  health_code TEXT,
  health_message TEXT,
  health_at BIGINT,
  last_session_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE auth_throttle (
  username TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  first_failure_at BIGINT NOT NULL,
  locked_until BIGINT
);

CREATE TABLE qbwc_sessions (
  id TEXT PRIMARY KEY,
  ticket_hash TEXT NOT NULL UNIQUE,
  connection_id TEXT NOT NULL REFERENCES connections(id),
  state TEXT NOT NULL,
  step INTEGER NOT NULL DEFAULT 0,
  plan TEXT NOT NULL,
  request_kind TEXT,
  request_id TEXT,
  request_xml TEXT,
  progress INTEGER NOT NULL DEFAULT 0,
  records INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error_message TEXT,
  created_at BIGINT NOT NULL,
  touched_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  closed_at BIGINT,
  close_reason TEXT
);
CREATE UNIQUE INDEX qbwc_sessions_one_live ON qbwc_sessions (connection_id) WHERE closed_at IS NULL;

CREATE TABLE inbox (
  id TEXT PRIMARY KEY,
  connection_id TEXT NOT NULL REFERENCES connections(id),
  session_id TEXT,
  request_kind TEXT NOT NULL,
  request_id TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  error TEXT,
  claimed_by TEXT,
  claimed_until BIGINT,
  processed_at BIGINT
);
CREATE INDEX inbox_pending ON inbox (status, received_at);
CREATE INDEX inbox_connection ON inbox (connection_id, received_at);

CREATE TABLE cursors (
  connection_id TEXT NOT NULL REFERENCES connections(id),
  object_type TEXT NOT NULL,
  from_modified TEXT,
  boundary TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (connection_id, object_type)
);
`;
