/**
 * @module
 * Migration 9: health that tells the truth.
 *
 * - `last_contact_at`: the last time the Web Connector called for the connection, whatever the
 *   outcome (a refused sign-in included); `last_session_at` stays the last completed session.
 * - `target_paused_at` / `target_paused_until`: the target (Salesforce) refuses calls because the
 *   org's API allowance is used up. Kept in the store, not in one process's memory, so `ping` and
 *   every relay sharing the store see it; cleared once the writes it held back have gone through.
 */
export default `
ALTER TABLE connections ADD COLUMN last_contact_at BIGINT;
ALTER TABLE connections ADD COLUMN target_paused_at BIGINT;
ALTER TABLE connections ADD COLUMN target_paused_until BIGINT;
`;
