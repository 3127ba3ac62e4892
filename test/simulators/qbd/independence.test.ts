import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { relayImports } from './imports.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

describe('the QuickBooks Desktop simulator shares no code with the relay', () => {
  it('its runtime (company file, queries, writes, rendering, Web Connector, CLI) imports nothing from relay/src', () => {
    expect(relayImports(path.join(ROOT, 'test', 'simulators', 'qbd'), ROOT)).toEqual([]);
  });

  it('the walk follows re-exports and leaves tests and the fixture recorder out', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-imports-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      fs.writeFileSync(path.join(repo, file), text);
    };
    write('relay/src/xml.ts', 'export const parse = 1;\n');
    write('sim/company/query.ts', "import { helper } from './helper.ts';\nexport const q = helper;\n");
    write('sim/company/helper.ts', "export { parse as helper } from '../../relay/src/xml.ts';\n");
    write('sim/company/lazy.ts', "export const load = () => import('../../relay/src/xml.ts');\n");
    write('sim/company/fixtures.ts', "import { parse } from '../../relay/src/xml.ts';\nexport const f = parse;\n");
    write('sim/company/query.test.ts', "import { parse } from '../../relay/src/xml.ts';\n");
    try {
      expect(relayImports(path.join(repo, 'sim'), repo)).toEqual([
        [path.join('sim', 'company', 'helper.ts'), path.join('relay', 'src', 'xml.ts')],
        [path.join('sim', 'company', 'lazy.ts'), path.join('relay', 'src', 'xml.ts')],
      ]);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});
