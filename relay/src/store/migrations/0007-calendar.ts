/**
 * @module
 * Migration 7: the company calendar. Statuses and roll-ups depend on the company's day (an invoice
 * turns Overdue when its due date passes, with no change in the source), so the engine recomputes
 * them once per company day; `connection_calendar` keeps, per connection, the time zone the day is
 * read in and the last day recomputed, so a restart the same day does not recompute again. The
 * index finds the open transactions whose due date a day boundary crossed without a scan.
 */
export default `
CREATE TABLE connection_calendar (
  connection_id TEXT PRIMARY KEY,
  time_zone TEXT NOT NULL,
  recomputed_day TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX record_state_due ON record_state (connection_id, due_date) WHERE deleted = 0;
`;
