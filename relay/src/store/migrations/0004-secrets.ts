/**
 * @module
 * Migration 4: secrets at rest (OAuth tokens and the like), each encrypted with AES-256-GCM under a
 * key id (see `lib/crypto.ts`), bound to its name.
 */
export default `
CREATE TABLE secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  key_id TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
`;
