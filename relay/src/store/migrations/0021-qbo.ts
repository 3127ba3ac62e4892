/**
 * @module
 * Migration 21: QuickBooks Online companies.
 *
 * - `qbo_companies`: per Online connection, its realm, what the relay learned of the company, its
 *   tokens' lifetimes (the tokens themselves are secrets), the lease one relay holds while it
 *   refreshes them (so relays sharing the store never refresh at once and lose a rotated refresh
 *   token), whether the first full read is done, and where Change Data Capture resumes.
 * - `qbo_connect_tokens`: one-time connect links an admin asked for, and the OAuth `state` each
 *   was exchanged for (hashes only: a link or state read from the store connects nothing).
 * - `qbo_changes`: what webhooks told of, per record, until it is fetched (`seq` counts the
 *   notices; a fetch settles the notices it saw); `qbo_webhook_events`: notices already received
 *   (gateway retries deliver them again).
 * - `qbo_fetches`: the relay's reads of a company, the deliveries its runs are counted in.
 */
export default `
CREATE TABLE qbo_companies (
  connection_id TEXT PRIMARY KEY REFERENCES connections (id),
  realm_id TEXT NOT NULL UNIQUE,
  company_name TEXT,
  home_currency TEXT,
  access_expires_at BIGINT NOT NULL,
  refresh_expires_at BIGINT,
  refresh_hard_expires_at BIGINT,
  token_version INTEGER NOT NULL DEFAULT 0,
  token_lease_owner TEXT,
  token_lease_until BIGINT,
  full_read_at BIGINT,
  cdc_since TEXT,
  cdc_at BIGINT,
  connected_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE qbo_connect_tokens (
  token_hash TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  state_hash TEXT UNIQUE,
  state_expires_at BIGINT,
  state_used_at BIGINT
);
CREATE TABLE qbo_changes (
  connection_id TEXT NOT NULL REFERENCES connections (id),
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  operation TEXT NOT NULL,
  changed_at TEXT,
  received_at BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  fetched_seq BIGINT,
  PRIMARY KEY (connection_id, entity, entity_id)
);
CREATE INDEX qbo_changes_unfetched ON qbo_changes (connection_id, received_at) WHERE fetched_seq IS NULL OR fetched_seq < seq;
CREATE TABLE qbo_webhook_events (
  event_key TEXT PRIMARY KEY,
  received_at BIGINT NOT NULL
);
CREATE TABLE qbo_fetches (
  id TEXT PRIMARY KEY,
  connection_id TEXT NOT NULL REFERENCES connections (id),
  kind TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX qbo_fetches_open ON qbo_fetches (connection_id) WHERE finished_at IS NULL;
`;
