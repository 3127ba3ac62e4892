import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildLwc, cleanLwc, componentSources, LWC_DIR, stripTypes } from './build-lwc.ts';

import { spawnSync } from 'node:child_process';

/** Compiles files with the real LWC compiler (ES module, so in its own Node process); returns failures. */
function lwcCompileErrors(files: string[]): string[] {
  const script = `
    import { transformSync } from '@lwc/compiler';
    import fs from 'node:fs';
    import path from 'node:path';
    const errors = [];
    for (const file of process.argv.slice(1)) {
      try {
        const { code } = transformSync(fs.readFileSync(file, 'utf8'), path.basename(file), {
          namespace: 'c',
          name: path.basename(path.dirname(file)),
        });
        if (!code.includes('registerDecorators') && !code.includes('export')) errors.push(file + ': no output');
      } catch (e) {
        errors.push(file + ': ' + e.message);
      }
    }
    console.log(JSON.stringify(errors));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...files], {
    cwd: path.join(__dirname, '..'),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as string[];
}

function copyBundles(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lwc-build-'));
  fs.cpSync(LWC_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.js') || src.endsWith('.js-meta.xml') });
  return dir;
}

describe('build-lwc', () => {
  it('strips types and keeps decorators, class fields and imports', () => {
    const out = stripTypes(
      [
        "import { LightningElement, api } from 'lwc';",
        "import type { UiRecord } from 'c/ldsUtils';",
        'interface Row { id: string }',
        'export default class X extends LightningElement {',
        '  @api recordId?: string;',
        '  rows: Row[] = [];',
        '  private timer?: number;',
        '  get first(): UiRecord | undefined { return undefined as UiRecord | undefined; }',
        '}',
      ].join('\n'),
      'x.ts',
    );
    expect(out).toContain('@api');
    expect(out).toContain('recordId;');
    expect(out).toContain('rows = [];');
    expect(out).not.toMatch(/interface|UiRecord|: string|private/);
  });

  it('builds every component source into JavaScript the LWC compiler accepts, and cleans up', () => {
    const dir = copyBundles();
    try {
      const sources = componentSources(dir);
      expect(sources.length).toBeGreaterThanOrEqual(10);
      expect(sources.some((s) => s.includes('__tests__'))).toBe(false);
      const written = buildLwc(dir);
      expect(written).toHaveLength(sources.length);
      expect(lwcCompileErrors(written)).toEqual([]);
      expect(cleanLwc(dir)).toHaveLength(sources.length);
      expect(written.some((js) => fs.existsSync(js))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
