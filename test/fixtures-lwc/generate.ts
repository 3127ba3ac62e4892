/**
 * @module
 * `npm run fixtures:lwc` (`node test/fixtures-lwc/generate.ts`): regenerates the components' test
 * fixtures from what the relay writes now (see `fixture-files.ts`) and writes them in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateFixtures, REPO_ROOT } from './fixture-files.ts';

for (const [file, text] of await generateFixtures()) {
  fs.writeFileSync(path.join(REPO_ROOT, file), text);
  console.log(`wrote ${file}`);
}
