/**
 * @module
 * Migration 3: "Sync with QuickBooks" requests the relay picked up from Salesforce, waiting for
 * (or being served by) a QuickBooks session.
 */
export default `
CREATE TABLE sync_requests (
  id TEXT PRIMARY KEY,
  connection_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  customer_id TEXT,
  status TEXT NOT NULL,
  session_id TEXT,
  result TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX sync_requests_open ON sync_requests (connection_id, status);
`;
