/**
 * @module
 * Migration 28: the relay's reads of QuickBooks Desktop company files through Conductor
 * (`conductor_reads`): a first sync in full, or the changes since each resource's cursor. Each is a
 * delivery: the inbox pages it stores carry its id, and the runs that count them close once it has
 * finished. `alive_at` moves with every page stored, so a read a stopped relay left open counts as
 * ended once it has been silent for a while, with no clean-up at start-up.
 */
export default `
CREATE TABLE conductor_reads (
  id TEXT PRIMARY KEY,
  connection_id TEXT NOT NULL REFERENCES connections (id),
  kind TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  alive_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX conductor_reads_connection ON conductor_reads (connection_id, kind, started_at);
`;
