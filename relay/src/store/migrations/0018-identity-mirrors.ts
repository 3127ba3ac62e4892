/**
 * @module
 * Migration 18: an identity says whether its record is a mirror — a record the other system's flow
 * created, which says so by carrying that system's id (an Account with a QuickBooks customer ID).
 * A flow writes to a record by its own id only when the record was made on that side (a sales
 * rep's Account sent to QuickBooks); a mirror keeps being written by its external ID, all of it.
 * And it keeps what its system holds, as a write into that system would set it (`held_hash`): a
 * change from the other side that would write exactly that is not sent (it is our own, come back).
 */
export default `
ALTER TABLE identities ADD COLUMN mirror INTEGER NOT NULL DEFAULT 0;
ALTER TABLE identities ADD COLUMN held_hash TEXT;
`;
