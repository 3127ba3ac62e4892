/**
 * @module
 * Migration 35: per entity, what the engine keeps of each custom field of the books a field policy
 * names (a CRM's mapped field, by the books' name of it), apart from the canonical paths of
 * `fields`: the same state per field (see `sync/field-policy.ts`), as one JSON object per entity.
 * Empty until such a field is tracked.
 */
export default `
ALTER TABLE field_states ADD COLUMN custom_fields TEXT;
`;
