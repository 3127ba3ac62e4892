/**
 * Jest's global set-up (jest.config.cjs): says once per run which qbXML schema validator the tests
 * use, so a CI log shows whether the npm-only path was the one exercised, and whether the
 * PostgreSQL leg runs (its tests show as skipped when it does not).
 */
import { PG_SKIP_MESSAGE, postgresEnabled } from '../qbwc/support/stores.ts';
import { chooseXsdValidator, describeXsdValidator } from './xsd.ts';

export default function globalSetup(): void {
  console.log(`\n${describeXsdValidator(chooseXsdValidator())}`);
  if (!postgresEnabled) console.log(PG_SKIP_MESSAGE);
}
