/**
 * @module
 * Migration 8: unreadable QuickBooks pages and sign-in throttling by address.
 *
 * - An inbox row remembers which cursor its page fed and the cursor's value and version when it
 *   arrived, so a page the relay cannot read rewinds that cursor (its records are read again at the
 *   next session) and a step whose page was quarantined meanwhile does not move it past them.
 *   Quarantined rows carry the reason in words and when it was reported (a Sync Log); rows
 *   quarantined before this migration were already shown to the bookkeeper by the session that
 *   received them, so they count as reported.
 * - Sign-in failures are counted per user name and source address, so guessing from one address
 *   cannot lock the real Web Connector out from another. The old per-user counts are dropped: at
 *   worst a guesser gets a fresh allowance once.
 */
export default `
ALTER TABLE inbox ADD COLUMN error_message TEXT;
ALTER TABLE inbox ADD COLUMN logged_at BIGINT;
ALTER TABLE inbox ADD COLUMN cursor_type TEXT;
ALTER TABLE inbox ADD COLUMN cursor_from TEXT;
ALTER TABLE inbox ADD COLUMN cursor_version INTEGER;
UPDATE inbox SET logged_at = received_at WHERE status = 'quarantined';
CREATE INDEX inbox_unlogged ON inbox (received_at) WHERE status = 'quarantined' AND logged_at IS NULL;
ALTER TABLE cursors ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
DROP TABLE auth_throttle;
CREATE TABLE auth_throttle (
  username TEXT NOT NULL,
  address TEXT NOT NULL,
  failures INTEGER NOT NULL,
  first_failure_at BIGINT NOT NULL,
  locked_until BIGINT,
  PRIMARY KEY (username, address)
);
`;
