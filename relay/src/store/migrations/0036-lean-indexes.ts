/**
 * @module
 * Migration 36: indexes a first sync pays for on every row, or misses on every page.
 * - `identities_entity` is a prefix of `identities_entity_records` and answers nothing the other
 *   does not; each identity written kept both up to date.
 * - An inbox row holds a whole Web Connector page (up to 20 MB): a filter on a column after the
 *   payload reads every payload it passes. Counting a connection's pending pages and finding the
 *   quarantined pages of a cursor to read again went through `inbox_connection` and read every page
 *   the connection ever received; these indexes answer them without touching a payload.
 */
export default `
DROP INDEX identities_entity;
CREATE INDEX inbox_connection_status ON inbox (connection_id, status, received_at);
DROP INDEX inbox_quarantined;
CREATE INDEX inbox_quarantined ON inbox (connection_id, cursor_type, received_at) WHERE status = 'quarantined';
`;
