/**
 * @module
 * Migration 19: an audit row can say what a write overwrote — per field, the value the target held
 * and the value written (`changes`, JSON `{ field: [before, after] }`), when the relay knew both
 * (it looked the record up first, as writes into QuickBooks Desktop do).
 */
export default `
ALTER TABLE audit_log ADD COLUMN changes TEXT;
`;
