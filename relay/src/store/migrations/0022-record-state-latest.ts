/**
 * @module
 * Migration 22: what the Account roll-ups need to show the department and class of a customer's
 * most recent invoice: each invoice's date, department and class as last mirrored, and a
 * customer's own class (its Account shows that one while it has no invoice). Rows written before
 * have none: an invoice counts again once it is read again.
 */
export default `
ALTER TABLE record_state ADD COLUMN txn_date TEXT;
ALTER TABLE record_state ADD COLUMN department TEXT;
ALTER TABLE record_state ADD COLUMN class_name TEXT;
`;
