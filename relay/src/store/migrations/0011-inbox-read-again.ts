/**
 * @module
 * Migration 11: an unreadable page is over once a later session read its records again. The
 * quarantined row stays (evidence) and remembers when that happened, so its Sync Log turns
 * Resolved exactly once. Each processed page looks for them through a partial index (a scan
 * would read every stored page's payload).
 */
export default `
ALTER TABLE inbox ADD COLUMN read_again_at BIGINT;
CREATE INDEX inbox_quarantined ON inbox (connection_id, cursor_type) WHERE status = 'quarantined';
`;
