/**
 * @module
 * Migration 29: a sync request may name one record to send ("Push to QuickBooks" on an
 * Opportunity): `record_id` is the CRM record it names, whose write the request waits for.
 */
export default `
ALTER TABLE sync_requests ADD COLUMN record_id TEXT;
`;
