/**
 * Jest's global set-up (jest.config.cjs): says once per run which qbXML schema validator the tests
 * use, so a CI log shows whether the npm-only path was the one exercised.
 */
import { chooseXsdValidator, describeXsdValidator } from './xsd.ts';

export default function globalSetup(): void {
  console.log(`\n${describeXsdValidator(chooseXsdValidator())}`);
}
