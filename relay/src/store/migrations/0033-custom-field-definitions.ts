/**
 * @module
 * Migration 33: per books connection, the custom fields its company defines, as last read from it
 * (`custom_field_definitions`: one row per field, by its name there, with the type the books give
 * it, what it holds, the most characters it takes and the record types it is assigned to), and
 * when they were read (`custom_field_reads`: a connection read with none defined has a read and no
 * field). The field mappings are checked against them (`sync/books-fields.ts`).
 */
export default `
CREATE TABLE custom_field_reads (
  connection_id TEXT PRIMARY KEY,
  read_at BIGINT NOT NULL
);
CREATE TABLE custom_field_definitions (
  connection_id TEXT NOT NULL,
  name TEXT NOT NULL,
  books_type TEXT NOT NULL,
  holds TEXT NOT NULL,
  max_length INTEGER,
  record_types TEXT NOT NULL,
  PRIMARY KEY (connection_id, name)
);
`;
