/**
 * @module
 * Migration 16: each outbox row names the connection it is written to. A flow's data goes to its
 * target, but its reports (runs, failure logs) go to the CRM that shows them, whichever way the
 * flow runs: a write from Salesforce to a QuickBooks Desktop company waits for that company's Web
 * Connector, while the log of its failure goes to the org. Rows already queued are all for the
 * target of their flow.
 */
export default `
ALTER TABLE outbox ADD COLUMN target_connection_id TEXT;
UPDATE outbox SET target_connection_id = COALESCE(
  (SELECT f.target_connection_id FROM flows f WHERE f.id = outbox.flow_id), 'salesforce');
CREATE INDEX outbox_destination ON outbox (target_connection_id, status, rank);
`;
