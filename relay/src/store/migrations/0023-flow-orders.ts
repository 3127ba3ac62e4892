/**
 * @module
 * Migration 23: flows carry orders too (`order` joins the model's kinds, after journal entries):
 * the flows made before it — whose objects end with journal entries — take them, so an org's
 * activated Orders reach a company connected earlier. A flow made with a narrower list keeps it.
 */
export default `
UPDATE flows SET objects = REPLACE(objects, '"journalEntry"]', '"journalEntry","order"]')
WHERE objects LIKE '%"journalEntry"]' AND objects NOT LIKE '%"order"%';
`;
