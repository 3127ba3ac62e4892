/**
 * @module
 * `npm run build:lwc`: strips the types from every Lightning component source
 * (`force-app/main/default/lwc/<bundle>/*.ts`, tests and `.d.ts` excluded) and writes the deployable
 * `.js` beside it, with the same Babel setup `@lwc/jest-transformer` uses (preset-typescript with
 * `allowDeclareFields`, decorator syntax kept for the LWC compiler). The `.js` files are gitignored;
 * `.forceignore` keeps the `.ts` out of deploys. `--clean` removes the built files instead.
 *
 * @example
 * node scripts/build-lwc.ts            # build
 * node scripts/build-lwc.ts --clean    # remove built .js
 */
import * as babel from '@babel/core';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const requireFrom = createRequire(import.meta.url);

/** The default location of the component bundles. */
export const LWC_DIR = path.join(import.meta.dirname, '..', 'force-app', 'main', 'default', 'lwc');

const BANNER = '// Built from the TypeScript source beside this file by scripts/build-lwc.ts. Do not edit.\n';

/** Every TypeScript component source under `lwcDir` (one level of bundles; no tests, no declarations). */
export function componentSources(lwcDir: string = LWC_DIR): string[] {
  if (!fs.existsSync(lwcDir)) return [];
  const files: string[] = [];
  for (const bundle of fs.readdirSync(lwcDir, { withFileTypes: true })) {
    if (!bundle.isDirectory() || bundle.name.startsWith('.') || bundle.name === '__tests__') continue;
    const dir = path.join(lwcDir, bundle.name);
    for (const file of fs.readdirSync(dir)) {
      if (file.endsWith('.ts') && !file.endsWith('.d.ts')) files.push(path.join(dir, file));
    }
  }
  return files.sort();
}

/**
 * Strips TypeScript from one component module, keeping decorators and class fields for the LWC compiler.
 * @example
 * stripTypes('export default class X extends LightningElement { @api n?: number; }', 'x.ts');
 */
export function stripTypes(source: string, filename: string): string {
  const result = babel.transformSync(source, {
    filename,
    babelrc: false,
    configFile: false,
    sourceMaps: false,
    retainLines: false,
    compact: false,
    plugins: [[requireFrom.resolve('@babel/plugin-syntax-decorators'), { decoratorsBeforeExport: true }]],
    presets: [
      [requireFrom.resolve('@babel/preset-typescript'), { allowDeclareFields: true, onlyRemoveTypeImports: true }],
    ],
  });
  if (!result?.code) throw new Error(`Babel produced no output for ${filename}`);
  return `${BANNER}${result.code}\n`;
}

/** Builds every component source; returns the `.js` files written. */
export function buildLwc(lwcDir: string = LWC_DIR): string[] {
  const written: string[] = [];
  for (const ts of componentSources(lwcDir)) {
    const js = ts.replace(/\.ts$/, '.js');
    const code = stripTypes(fs.readFileSync(ts, 'utf8'), ts);
    if (!fs.existsSync(js) || fs.readFileSync(js, 'utf8') !== code) fs.writeFileSync(js, code);
    written.push(js);
  }
  return written;
}

/** Removes the `.js` built beside each TypeScript source; returns the files removed. */
export function cleanLwc(lwcDir: string = LWC_DIR): string[] {
  const removed: string[] = [];
  for (const ts of componentSources(lwcDir)) {
    const js = ts.replace(/\.ts$/, '.js');
    if (fs.existsSync(js) && fs.readFileSync(js, 'utf8').startsWith(BANNER)) {
      fs.rmSync(js);
      removed.push(js);
    }
  }
  return removed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const clean = process.argv.includes('--clean');
  const files = clean ? cleanLwc() : buildLwc();
  console.log(
    `${clean ? 'Removed' : 'Built'} ${files.length} component module(s) in ${path.relative(process.cwd(), LWC_DIR)}`,
  );
}
