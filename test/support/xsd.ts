/**
 * @module
 * Validates qbXML strings against the qbXML 13.0 schema (test/fixtures/qbxml13/qbxmlops130.xsd, a
 * copy of Intuit's XSD set) with `xmllint`. Many documents go through one xmllint process, because
 * loading the 900 kB schema dominates the cost. Throws with an install hint when xmllint is missing,
 * so a test that needs it fails loudly instead of skipping.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const QBXML13_XSD = path.join(import.meta.dirname, '..', 'fixtures', 'qbxml13', 'qbxmlops130.xsd');

export interface XsdResult {
  readonly name: string;
  readonly valid: boolean;
  /** xmllint's messages for this document (empty when valid). */
  readonly errors: readonly string[];
}

function xmllintPath(): string {
  for (const candidate of [
    process.env.XMLLINT,
    '/usr/bin/xmllint',
    '/usr/local/bin/xmllint',
    '/opt/homebrew/bin/xmllint',
  ]) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v xmllint'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  if (which.status === 0 && found) return found;
  throw new Error(
    'xmllint is not installed, so the qbXML requests cannot be checked against the 13.0 XSD. ' +
      'Install it (Debian/Ubuntu: `apt-get install -y libxml2-utils`; macOS: `brew install libxml2`) or set XMLLINT=/path/to/xmllint.',
  );
}

/**
 * Validates each document; returns one result per input, in order.
 * @example
 * const [r] = validateQbxml13([{ name: 'customer-query', xml }]);
 * expect(r.errors).toEqual([]);
 */
export function validateQbxml13(docs: readonly { name: string; xml: string }[]): XsdResult[] {
  if (docs.length === 0) return [];
  const bin = xmllintPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qbxml-xsd-'));
  try {
    const files = docs.map((d, i) => {
      const file = path.join(dir, `${String(i).padStart(4, '0')}-${d.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.xml`);
      fs.writeFileSync(file, d.xml);
      return file;
    });
    const run = spawnSync(bin, ['--noout', '--nonet', '--schema', QBXML13_XSD, ...files], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) throw run.error;
    const lines = `${run.stdout}\n${run.stderr}`.split('\n');
    return files.map((file, i) => {
      const mine = lines.filter((l) => l.startsWith(file));
      const valid = mine.some((l) => l === `${file} validates`);
      return {
        name: docs[i]?.name ?? file,
        valid,
        errors: valid ? [] : mine.map((l) => l.slice(file.length + 1)).filter((l) => l.length > 0),
      };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
