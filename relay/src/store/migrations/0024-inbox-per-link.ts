/**
 * @module
 * Migration 24: a payload of a connection flowing into several others (an org with two QuickBooks
 * companies) is stored once per flow's target (`for_connection_id`), so each flow reads every
 * payload — not only the flow whose engine claimed it first. `''` is a payload any flow may take:
 * a connection with one flow (or none yet), and every payload stored before.
 */
export default `
ALTER TABLE inbox ADD COLUMN for_connection_id TEXT NOT NULL DEFAULT '';
DROP INDEX inbox_dedup;
CREATE UNIQUE INDEX inbox_dedup ON inbox (connection_id, for_connection_id, dedup_key) WHERE dedup_key IS NOT NULL;
`;
