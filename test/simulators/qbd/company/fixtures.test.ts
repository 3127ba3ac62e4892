import fs from 'node:fs';
import path from 'node:path';
import { parseQbxmlResponse } from '../../../../relay/src/systems/qbd/qbxml/parse.ts';
import { FIXTURE_DIR, simulatedFixtures } from './fixtures.ts';

describe('recorded simulator fixtures', () => {
  const fresh = simulatedFixtures();

  it.each(Object.keys(fresh))('%s is up to date (regenerate: node test/simulators/qbd/company/fixtures.ts)', (file) => {
    expect(fs.readFileSync(path.join(FIXTURE_DIR, file), 'utf8')).toBe(fresh[file]);
  });

  it('parse, and the mixed write batch carries one status per request', () => {
    for (const xml of Object.values(fresh)) expect(parseQbxmlResponse(xml).ok).toBe(true);
    const batch = parseQbxmlResponse(fresh['write-batch-mixed.response.xml'] ?? '');
    expect(batch.ok && batch.value.responses.map((r) => [r.requestId, r.statusCode])).toEqual([
      ['add-ok', 0],
      ['add-dup', 3100],
      ['mod-stale', 3200],
      ['inv-bad-ref', 3140],
      ['no-match', 1],
    ]);
  });
});
