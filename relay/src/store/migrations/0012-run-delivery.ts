/**
 * @module
 * Migration 12: a run remembers the delivery it counts (a Web Connector session, say) as a column
 * of its own, so the engine asks the source whether that delivery is still open instead of taking
 * the run's id apart. Runs recorded before keep their delivery, read off their id once here.
 */
export default `
ALTER TABLE sync_runs ADD COLUMN delivery_id TEXT;
UPDATE sync_runs SET delivery_id = substr(id, length(connection_id) + 2)
  WHERE substr(id, 1, length(connection_id) + 1) = connection_id || ':';
`;
