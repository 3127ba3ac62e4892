/**
 * @module
 * Validates qbXML strings against the qbXML 13.0 schema (test/fixtures/qbxml13/qbxmlops130.xsd, a
 * copy of Intuit's XSD set) with libxml2: `xmllint-wasm` (libxml2 compiled to WebAssembly, from
 * npm), or Debian's `xmllint` when it is on PATH, which starts faster. Both print libxml2's own
 * messages, so results and errors are the same either way. Compiling the 900 kB schema dominates
 * the cost, so many documents go through one run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { memoryPages, validateXML } from 'xmllint-wasm';
import { npmOnly, NPM_ONLY_VARIABLE, onPath, type TestEnv } from './toolchain.ts';

const SCHEMA_DIR = path.join(import.meta.dirname, '..', 'fixtures', 'qbxml13');
const SCHEMA = 'qbxmlops130.xsd';
/** The files qbxmlops130.xsd includes. */
const INCLUDED = ['qbxmltypes130.xsd', 'qbxml130.xsd', 'qbxmlso130.xsd'];
export const QBXML13_XSD = path.join(SCHEMA_DIR, SCHEMA);

export interface XsdResult {
  readonly name: string;
  readonly valid: boolean;
  /** libxml2's messages for this document (empty when valid). */
  readonly errors: readonly string[];
}

export type XsdValidator = { readonly kind: 'xmllint'; readonly bin: string } | { readonly kind: 'xmllint-wasm' };

/** Debian's xmllint when it is on PATH and the tests may use system tools; xmllint-wasm otherwise. */
export function chooseXsdValidator(env: TestEnv = process.env): XsdValidator {
  const bin = npmOnly(env) ? undefined : onPath('xmllint', env);
  return bin ? { kind: 'xmllint', bin } : { kind: 'xmllint-wasm' };
}

/** One line for a test log: which validator the schema checks use, and why. */
export function describeXsdValidator(validator: XsdValidator, env: TestEnv = process.env): string {
  if (validator.kind === 'xmllint') {
    return `qbXML schema checks: ${validator.bin} (system; ${NPM_ONLY_VARIABLE}=1 uses xmllint-wasm instead)`;
  }
  const why = npmOnly(env) ? `${NPM_ONLY_VARIABLE}=1` : 'no xmllint on PATH';
  return `qbXML schema checks: xmllint-wasm from npm (${why})`;
}

/**
 * Validates each document; returns one result per input, in order.
 * @example
 * const [r] = await validateQbxml13([{ name: 'customer-query', xml }]);
 * expect(r.errors).toEqual([]);
 */
export async function validateQbxml13(
  docs: readonly { name: string; xml: string }[],
  validator: XsdValidator = chooseXsdValidator(),
): Promise<XsdResult[]> {
  if (docs.length === 0) return [];
  // The index keeps names unique and in order; the rest keeps them safe as file names.
  const names = docs.map((d, i) => `${String(i).padStart(4, '0')}-${d.name.replace(/[^A-Za-z0-9_.]/g, '_')}.xml`);
  const output =
    validator.kind === 'xmllint' ? runSystemXmllint(validator.bin, names, docs) : await runWasm(names, docs);
  return names.map((file, i) => perFile(docs[i]?.name ?? file, file, output));
}

/** Picks one document's lines out of libxml2's report ("<file>:<line>: …", "<file> validates"). */
function perFile(name: string, file: string, output: string): XsdResult {
  const mine = output.split('\n').filter((l) => l.startsWith(`${file}:`) || l.startsWith(`${file} `));
  const valid = mine.includes(`${file} validates`);
  return { name, valid, errors: valid ? [] : mine.map((l) => l.slice(file.length + 1).trim()) };
}

async function runWasm(names: readonly string[], docs: readonly { xml: string }[]): Promise<string> {
  const read = (fileName: string) => ({ fileName, contents: fs.readFileSync(path.join(SCHEMA_DIR, fileName), 'utf8') });
  const result = await validateXML({
    xml: names.map((fileName, i) => ({ fileName, contents: docs[i]?.xml ?? '' })),
    schema: [read(SCHEMA)],
    preload: INCLUDED.map(read),
    // The default 32 MiB is too little for the schema plus a batch of full company responses.
    maxMemoryPages: 512 * memoryPages.MiB,
  });
  return result.rawOutput;
}

function runSystemXmllint(bin: string, names: readonly string[], docs: readonly { xml: string }[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qbxml-xsd-'));
  try {
    names.forEach((name, i) => fs.writeFileSync(path.join(dir, name), docs[i]?.xml ?? ''));
    // Relative names, so the report reads the same as xmllint-wasm's.
    const run = spawnSync(bin, ['--noout', '--nonet', '--schema', QBXML13_XSD, ...names], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) throw run.error;
    return `${run.stdout}\n${run.stderr}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
