/**
 * @module
 * Migration 25: Intuit's limits are per company, whichever relay calls, so relays sharing a store
 * share the allowance: requests counted per company per second (`qbo_request_seconds`) and a fixed
 * set of request slots per company, each leased by one relay until its answer is read
 * (`qbo_request_slots`; a lease of a relay that died runs out).
 */
export default `
CREATE TABLE qbo_request_seconds (
  connection_id TEXT NOT NULL,
  second BIGINT NOT NULL,
  used INTEGER NOT NULL,
  PRIMARY KEY (connection_id, second)
);
CREATE TABLE qbo_request_slots (
  connection_id TEXT NOT NULL,
  slot INTEGER NOT NULL,
  holder TEXT,
  leased_until BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (connection_id, slot)
);
`;
