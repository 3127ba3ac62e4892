/**
 * @module
 * Migration 13: the outbox and the id map name a target record's kind `object`, not by one
 * system's word for it (`sobject`). Indexes and the unique keys follow the renamed columns.
 */
export default `
ALTER TABLE outbox RENAME COLUMN sobject TO object;
ALTER TABLE id_map RENAME COLUMN sobject TO object;
`;
