/**
 * @module
 * Migration 10: the company's home currency on its connection.
 *
 * - `home_currency`: ISO 4217 code of the currency the company keeps its books in, read from its
 *   preferences at the start of every Web Connector session (multicurrency off: the edition's
 *   own). Records that name no currency are in it. NULL until the first session after upgrade;
 *   until then the recorded edition country decides.
 */
export default `
ALTER TABLE connections ADD COLUMN home_currency TEXT;
`;
