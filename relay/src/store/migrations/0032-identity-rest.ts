/**
 * @module
 * Migration 32: per identity of a record read, the hash of its mirror's writes without the fields
 * the field policy tracks (`rest_hash`). A record read back after our own write into it whose
 * tracked fields are as both sides agreed and whose rest is as last mirrored is our change come
 * back: it is not written again (`sync/policy-step.ts`).
 */
export default `
ALTER TABLE identities ADD COLUMN rest_hash TEXT;
`;
