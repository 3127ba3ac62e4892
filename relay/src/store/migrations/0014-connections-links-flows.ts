/**
 * @module
 * Migration 14: one engine for many systems.
 *
 * - `connections` becomes one row per system instance (a Desktop company file, a Salesforce org;
 *   later an Online realm, a Dynamics environment) with its system, label, settings, health and
 *   pause. What only a Desktop company has (the Web Connector user, password hash, company-file
 *   identity) stays in the old table, renamed `qbd_companies`; sessions and cursors keep pointing
 *   at it. The Salesforce org every Desktop company of an earlier release synced into gets the row
 *   `salesforce` (the org the environment configures, see `systems/salesforce/index.ts`), and
 *   takes over the API-allowance pause that was copied onto every Desktop row.
 * - `links` pair a QuickBooks connection with a CRM connection; `flows` move objects from one
 *   side of a link to the other. Each Desktop company gets its link to that org and its flow.
 * - `identities` tie the same entity across systems: per connection, its key there, the id that
 *   system gave it, its version and the hash of what was last exchanged with it. They replace the
 *   id map (target side) and the version and hash in the record state (source side).
 * - A failure log's row names the write it is about (source `write`, the write's row id) instead of
 *   leaving it to be parsed out of the log's key: logs of earlier releases about a failed write
 *   are pointed at it here, the last time their keys are read apart. Identities of records the
 *   org holds join the entity of the source record their write came from.
 * - The outbox, runs and audit trail name their flow; the inbox names its system, may carry a
 *   de-duplication key (webhooks delivered twice), and points at `connections`; secrets belong to a
 *   connection (no release before this one wrote any).
 */
export default `
ALTER TABLE connections RENAME TO qbd_companies;

CREATE TABLE connections (
  id TEXT PRIMARY KEY,
  system TEXT NOT NULL,
  label TEXT NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}',
  health_status TEXT NOT NULL DEFAULT 'unknown',
  health_code TEXT,
  health_message TEXT,
  health_at BIGINT,
  last_contact_at BIGINT,
  paused_at BIGINT,
  paused_until BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
INSERT INTO connections (id, system, label, health_status, health_code, health_message, health_at, last_contact_at,
    paused_at, paused_until, created_at, updated_at)
  SELECT id, 'qbd', COALESCE(company_name, qbwc_username), health_status, health_code, health_message, health_at,
    COALESCE(last_contact_at, last_session_at), CASE WHEN paused_until IS NULL THEN NULL ELSE updated_at END,
    paused_until, created_at, updated_at
  FROM qbd_companies;
INSERT INTO connections (id, system, label, paused_at, paused_until, created_at, updated_at)
  SELECT 'salesforce', 'salesforce', 'Salesforce org', MIN(target_paused_at), MAX(target_paused_until),
    MIN(created_at), MAX(updated_at)
  FROM qbd_companies HAVING COUNT(*) > 0;
ALTER TABLE qbd_companies DROP COLUMN edition;
ALTER TABLE qbd_companies DROP COLUMN health_status;
ALTER TABLE qbd_companies DROP COLUMN health_code;
ALTER TABLE qbd_companies DROP COLUMN health_message;
ALTER TABLE qbd_companies DROP COLUMN health_at;
ALTER TABLE qbd_companies DROP COLUMN last_contact_at;
ALTER TABLE qbd_companies DROP COLUMN paused_until;
ALTER TABLE qbd_companies DROP COLUMN target_paused_at;
ALTER TABLE qbd_companies DROP COLUMN target_paused_until;
ALTER TABLE qbd_companies DROP COLUMN created_at;
ALTER TABLE qbd_companies DROP COLUMN updated_at;

CREATE TABLE links (
  id TEXT PRIMARY KEY,
  qb_connection_id TEXT NOT NULL REFERENCES connections(id),
  crm_connection_id TEXT NOT NULL REFERENCES connections(id),
  created_at BIGINT NOT NULL,
  UNIQUE (qb_connection_id, crm_connection_id)
);
CREATE TABLE flows (
  id TEXT PRIMARY KEY,
  link_id TEXT NOT NULL REFERENCES links(id),
  source_connection_id TEXT NOT NULL REFERENCES connections(id),
  target_connection_id TEXT NOT NULL REFERENCES connections(id),
  objects TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (link_id, source_connection_id)
);
INSERT INTO links (id, qb_connection_id, crm_connection_id, created_at)
  SELECT 'link-' || id, id, 'salesforce', created_at FROM connections WHERE system = 'qbd';
INSERT INTO flows (id, link_id, source_connection_id, target_connection_id, objects, created_at)
  SELECT 'flow-' || qb_connection_id, id, qb_connection_id, crm_connection_id,
    '["customer","vendor","item","account","invoice","bill","payment","journalEntry"]', created_at
  FROM links;

CREATE TABLE identities (
  connection_id TEXT NOT NULL REFERENCES connections(id),
  object TEXT NOT NULL,
  record_key TEXT NOT NULL,
  local_id TEXT,
  version TEXT,
  content_hash TEXT,
  entity_id TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (connection_id, object, record_key)
);
CREATE INDEX identities_entity ON identities (entity_id);
INSERT INTO identities (connection_id, object, record_key, local_id, version, content_hash, entity_id, updated_at)
  SELECT connection_id, record_type, source_id, source_id, source_version, content_hash,
    connection_id || '/' || record_type || '/' || source_id, updated_at
  FROM record_state;
INSERT INTO identities (connection_id, object, record_key, local_id, entity_id, updated_at)
  SELECT 'salesforce', m.object, m.external_id, m.target_id,
    COALESCE(
      (SELECT o.connection_id || '/' || o.source_type || '/' || o.source_id FROM outbox o
       WHERE o.connection_id = m.connection_id AND o.object = m.object AND o.external_id = m.external_id AND o.slot = ''),
      'salesforce/' || m.object || '/' || m.external_id),
    m.updated_at
  FROM id_map m;
DROP TABLE id_map;
ALTER TABLE record_state DROP COLUMN source_version;
ALTER TABLE record_state DROP COLUMN content_hash;
ALTER TABLE record_state ADD COLUMN flow_id TEXT;
UPDATE record_state SET flow_id = 'flow-' || connection_id;

ALTER TABLE outbox ADD COLUMN flow_id TEXT;
UPDATE outbox SET flow_id = 'flow-' || connection_id;
CREATE INDEX outbox_external_id ON outbox (external_id);
UPDATE outbox SET source_type = 'write', source_id = (
    SELECT f.id FROM outbox f
    WHERE f.connection_id = outbox.connection_id AND f.status = 'failed'
      AND outbox.external_id = f.connection_id || ':' || f.object || ':' || f.external_id
        || CASE WHEN f.slot = '' THEN '' ELSE ':' || f.slot END)
  WHERE rank >= 90 AND source_type = 'syncLog' AND EXISTS (
    SELECT 1 FROM outbox f
    WHERE f.connection_id = outbox.connection_id AND f.status = 'failed'
      AND outbox.external_id = f.connection_id || ':' || f.object || ':' || f.external_id
        || CASE WHEN f.slot = '' THEN '' ELSE ':' || f.slot END);
ALTER TABLE sync_runs ADD COLUMN flow_id TEXT;
UPDATE sync_runs SET flow_id = 'flow-' || connection_id;
ALTER TABLE audit_log ADD COLUMN flow_id TEXT;
UPDATE audit_log SET flow_id = 'flow-' || connection_id;

CREATE TABLE inbox_v14 (
  id TEXT PRIMARY KEY,
  system TEXT NOT NULL,
  connection_id TEXT NOT NULL REFERENCES connections(id),
  dedup_key TEXT,
  session_id TEXT,
  request_kind TEXT NOT NULL,
  request_id TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  error TEXT,
  error_message TEXT,
  claimed_by TEXT,
  claimed_until BIGINT,
  processed_at BIGINT,
  logged_at BIGINT,
  cursor_type TEXT,
  cursor_from TEXT,
  cursor_version INTEGER,
  read_again_at BIGINT
);
INSERT INTO inbox_v14 (id, system, connection_id, session_id, request_kind, request_id, received_at, payload, status,
    error, error_message, claimed_by, claimed_until, processed_at, logged_at, cursor_type, cursor_from, cursor_version,
    read_again_at)
  SELECT id, 'qbd', connection_id, session_id, request_kind, request_id, received_at, payload, status,
    error, error_message, claimed_by, claimed_until, processed_at, logged_at, cursor_type, cursor_from, cursor_version,
    read_again_at
  FROM inbox;
DROP TABLE inbox;
ALTER TABLE inbox_v14 RENAME TO inbox;
CREATE INDEX inbox_pending ON inbox (status, received_at);
CREATE INDEX inbox_connection ON inbox (connection_id, received_at);
CREATE INDEX inbox_unlogged ON inbox (received_at) WHERE status = 'quarantined' AND logged_at IS NULL;
CREATE INDEX inbox_quarantined ON inbox (connection_id, cursor_type) WHERE status = 'quarantined';
CREATE UNIQUE INDEX inbox_dedup ON inbox (connection_id, dedup_key) WHERE dedup_key IS NOT NULL;

DROP TABLE secrets;
CREATE TABLE secrets (
  connection_id TEXT NOT NULL REFERENCES connections(id),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  key_id TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (connection_id, name)
);
`;
