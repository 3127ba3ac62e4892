/**
 * @module
 * Migration 26: Dynamics 365 Sales (Dataverse) environments and what their webhooks tell.
 *
 * - `dynamics_environments`: per Dynamics connection, the environment's URL, the Dataverse
 *   organization its webhooks name (`OrganizationId`), learned from the first webhook when not
 *   known yet (one organization belongs to one environment), and the relay's application user
 *   there (`WhoAmI`): a change that user made is the relay's own.
 * - `dynamics_changes`: rows a webhook said changed, until a fetch reads them. At most one pending
 *   row per (connection, table, row): a later notice merges into it (and gives it a new `id`, so a
 *   fetch that read it before settles nothing); a row read and settled is `done` until pruned.
 * - `dynamics_webhook_events`: deliveries already received, by their de-duplication key
 *   (`<OperationId>:<step>`): a duplicated or retried delivery changes nothing.
 */
export default `
CREATE TABLE dynamics_environments (
  connection_id TEXT PRIMARY KEY REFERENCES connections (id),
  url TEXT NOT NULL,
  organization_id TEXT UNIQUE,
  user_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE dynamics_changes (
  id TEXT PRIMARY KEY,
  connection_id TEXT NOT NULL REFERENCES connections (id),
  entity TEXT NOT NULL,
  row_id TEXT NOT NULL,
  message_name TEXT NOT NULL CHECK (message_name IN ('Create', 'Update', 'Delete')),
  changed_at TEXT NOT NULL,
  post_image TEXT,
  received_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
  done_at BIGINT
);
CREATE UNIQUE INDEX dynamics_changes_pending_row ON dynamics_changes (connection_id, entity, row_id)
  WHERE status = 'pending';
CREATE INDEX dynamics_changes_queue ON dynamics_changes (connection_id, received_at) WHERE status = 'pending';
CREATE INDEX dynamics_changes_done ON dynamics_changes (done_at) WHERE status = 'done';
CREATE TABLE dynamics_webhook_events (
  connection_id TEXT NOT NULL REFERENCES connections (id),
  dedupe_key TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (connection_id, dedupe_key)
);
CREATE INDEX dynamics_webhook_events_received ON dynamics_webhook_events (received_at);
`;
