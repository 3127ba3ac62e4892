/**
 * @module
 * Migration 30: reconciliations (`ledgerbridge reconcile`, and the daily one). A reconciliation of a
 * link is asked, then read (QuickBooks Desktop's figures arrive with the next Web Connector session,
 * which stores them in `reconcile_figures` under its own id), then compared with the CRM's mirrors
 * by one relay (`claimed_until`); the comparison's result is kept as JSON. `reconcile_repairs`:
 * the customers a repair asked the next session to read again.
 */
export default `
CREATE TABLE reconciliations (
  id TEXT PRIMARY KEY,
  books_connection_id TEXT NOT NULL REFERENCES connections (id),
  crm_connection_id TEXT NOT NULL REFERENCES connections (id),
  status TEXT NOT NULL,
  repair INTEGER NOT NULL DEFAULT 0,
  requested_by TEXT NOT NULL,
  session_id TEXT,
  asked_at BIGINT NOT NULL,
  read_at BIGINT,
  claimed_until BIGINT,
  compared_at BIGINT,
  differences INTEGER,
  result TEXT
);
CREATE INDEX reconciliations_books ON reconciliations (books_connection_id, status, asked_at);
CREATE TABLE reconcile_figures (
  session_id TEXT NOT NULL,
  object TEXT NOT NULL,
  record_key TEXT NOT NULL,
  figures TEXT NOT NULL,
  PRIMARY KEY (session_id, object, record_key)
);
CREATE TABLE reconcile_repairs (
  books_connection_id TEXT NOT NULL REFERENCES connections (id),
  customer_key TEXT NOT NULL,
  reconciliation_id TEXT NOT NULL,
  session_id TEXT,
  PRIMARY KEY (books_connection_id, customer_key, reconciliation_id)
);
`;
