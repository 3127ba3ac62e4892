/**
 * @module
 * Migration 11: an unreadable page is over once a later session read its records again. The
 * quarantined row stays (evidence) and remembers when that happened, so its Sync Log turns
 * Resolved exactly once.
 */
export default `
ALTER TABLE inbox ADD COLUMN read_again_at BIGINT;
`;
