/**
 * @module
 * Migration 17: a cursor belongs to any connection, not only a QuickBooks Desktop company. Until
 * now `cursors` pointed at the Desktop companies' table (renamed `qbd_companies` by migration 14,
 * which both stores follow); the org's change cursors (Accounts by SystemModstamp, Change Data
 * Capture replay ids) need their connection row. Rebuilt in place, every cursor kept.
 */
export default `
CREATE TABLE cursors_v17 (
  connection_id TEXT NOT NULL REFERENCES connections(id),
  object_type TEXT NOT NULL,
  from_modified TEXT,
  boundary TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (connection_id, object_type)
);
INSERT INTO cursors_v17 (connection_id, object_type, from_modified, boundary, updated_at, version)
  SELECT connection_id, object_type, from_modified, boundary, updated_at, version FROM cursors;
DROP TABLE cursors;
ALTER TABLE cursors_v17 RENAME TO cursors;
`;
