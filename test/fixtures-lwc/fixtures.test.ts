/**
 * The components' fixtures are what the relay writes: regenerated in memory from the scripted
 * scenario, every committed `__tests__/data/*.json` must match byte for byte, and every generated
 * file must be committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateFixtures, REPO_ROOT } from './fixture-files.ts';
import { LWC_DIR } from './ui-api.ts';

const FIX = 'run `npm run fixtures:lwc` and commit the result (then fix the component tests that no longer hold)';

describe('component fixtures', () => {
  let generated: Map<string, string>;
  beforeAll(async () => {
    generated = await generateFixtures();
  });

  it('are generated for every fixture file the component tests read, and only those', () => {
    const committed = fs
      .readdirSync(LWC_DIR)
      .flatMap((bundle) => {
        const dir = path.join(LWC_DIR, bundle, '__tests__', 'data');
        return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.relative(REPO_ROOT, path.join(dir, f))) : [];
      })
      .sort();
    expect(committed).toHaveLength(56);
    expect([...generated.keys()].sort()).toEqual(committed);
  });

  it('match what the relay writes now', () => {
    const stale = [...generated]
      .filter(([file, text]) => {
        const full = path.join(REPO_ROOT, file);
        return !fs.existsSync(full) || fs.readFileSync(full, 'utf8') !== text;
      })
      .map(([file]) => file);
    if (stale.length)
      throw new Error(`Component fixtures differ from what the relay writes: ${stale.join(', ')}. ${FIX}.`);
    expect(stale).toEqual([]);
  });

  it('are the same when generated again (fixed clock, stable ids)', async () => {
    expect(await generateFixtures()).toEqual(generated);
  });
});
