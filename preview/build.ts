/**
 * @module
 * Builds the components for a browser outside an org with LWC OSS: the deployable `.js` from
 * `scripts/build-lwc.ts`, the real base components from `lightning-base-components`, synthetic
 * shadow, and small shims (`preview/src/shims/`) that stand in for Lightning Data Service and
 * serve the Jest fixtures. Custom Labels, `@salesforce/schema` and `@salesforce/apex` imports become
 * tiny generated modules (a wired Apex method answers from the preview store). Output: `preview/dist/` (page, bundle, chunks); the SLDS assets are served from npm.
 *
 * @example
 * await buildPreview(); // → preview/dist/index.html
 */
import fs from 'node:fs';
import path from 'node:path';
import { rollup } from 'rollup';
import type { Plugin } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { buildLwc, componentSources, LWC_DIR } from '../scripts/build-lwc.ts';

const ROOT = path.join(import.meta.dirname, '..');
export const PREVIEW_DIR = import.meta.dirname;
export const DIST_DIR = path.join(PREVIEW_DIR, 'dist');
const SRC_DIR = path.join(PREVIEW_DIR, 'src');
const LABELS_FILE = path.join(ROOT, 'force-app', 'main', 'default', 'labels', 'CustomLabels.labels-meta.xml');

/** Platform modules the components import that LWC OSS lacks, mapped to the preview's shims. */
const SHIMS: Record<string, string> = {
  'lightning/uiRecordApi': 'uiRecordApi.js',
  'lightning/uiRelatedListApi': 'uiRelatedListApi.js',
  'lightning/uiListsApi': 'uiListsApi.js',
  'lightning/actions': 'actions.js',
  '@salesforce/i18n/locale': 'i18nLocale.js',
  '@salesforce/i18n/currency': 'i18nCurrency.js',
  '@salesforce/i18n/timeZone': 'i18nTimeZone.js',
  '@salesforce/user/Id': 'userId.js',
};

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/** Custom Label name → text, from the package's labels file. */
export function readLabels(file: string = LABELS_FILE): Map<string, string> {
  const labels = new Map<string, string>();
  const xml = fs.readFileSync(file, 'utf8');
  for (const block of xml.match(/<labels>[\s\S]*?<\/labels>/g) ?? []) {
    const name = /<fullName>([\s\S]*?)<\/fullName>/.exec(block)?.[1]?.trim();
    const value = /<value>([\s\S]*?)<\/value>/.exec(block)?.[1];
    if (name && value !== undefined)
      labels.set(
        name,
        value.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => XML_ENTITIES[e] ?? _m),
      );
  }
  return labels;
}

/** Resolves labels, schema references, the LDS shims and JSON fixtures before the LWC plugin sees them. */
function platformModules(labels: Map<string, string>): Plugin {
  const VIRTUAL = '\0preview:';
  return {
    name: 'ledgerbridge-platform-modules',
    resolveId(source) {
      if (SHIMS[source]) return path.join(SRC_DIR, 'shims', SHIMS[source]);
      if (
        source.startsWith('@salesforce/label/c.') ||
        source.startsWith('@salesforce/schema/') ||
        source.startsWith('@salesforce/apex/')
      )
        return VIRTUAL + source;
      return null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return null;
      const source = id.slice(VIRTUAL.length);
      if (source.startsWith('@salesforce/apex/')) {
        // A wired Apex method: a wire adapter over what the scenario put in the store for it.
        const method = source.slice('@salesforce/apex/'.length);
        const shim = JSON.stringify(path.join(SRC_DIR, 'shims', 'apex.js'));
        return `import { apexAdapter } from ${shim};\nexport default apexAdapter(${JSON.stringify(method)});`;
      }
      if (source.startsWith('@salesforce/label/')) {
        const name = source.slice('@salesforce/label/c.'.length);
        const text = labels.get(name);
        if (text === undefined) this.error(`Custom Label ${name} is imported but not defined`);
        return `export default ${JSON.stringify(text)};`;
      }
      const ref = source.slice('@salesforce/schema/'.length);
      const dot = ref.indexOf('.');
      const value =
        dot < 0 ? { objectApiName: ref } : { objectApiName: ref.slice(0, dot), fieldApiName: ref.slice(dot + 1) };
      return `export default ${JSON.stringify(value)};`;
    },
    transform(code, id) {
      if (id.endsWith('.json')) return { code: `export default ${code};`, map: null };
      return null;
    },
  };
}

/** One module record per component bundle (the built `.js` beside each `.ts`). */
function componentModules(): { name: string; path: string }[] {
  return componentSources(LWC_DIR)
    .filter((ts) => path.basename(ts, '.ts') === path.basename(path.dirname(ts)))
    .map((ts) => ({ name: `c/${path.basename(path.dirname(ts))}`, path: ts.replace(/\.ts$/, '.js') }));
}

export interface BuildResult {
  outDir: string;
  ms: number;
}

/** Builds the preview into `outDir` (default `preview/dist/`). */
export async function buildPreview(outDir: string = DIST_DIR): Promise<BuildResult> {
  const started = Date.now();
  buildLwc();
  const bundle = await rollup({
    input: path.join(SRC_DIR, 'main.js'),
    plugins: [
      platformModules(readLabels()),
      (replace as unknown as (options: Record<string, unknown>) => Plugin)({
        preventAssignment: true,
        values: { 'process.env.NODE_ENV': JSON.stringify('development'), 'import.meta.env.SSR': 'false' },
      }),
      lwc({
        rootDir: ROOT,
        modules: [...componentModules(), { npm: 'lightning-base-components' }],
        // The engine, synthetic shadow and wire service that ship with `lwc` match its compiler.
        defaultModules: ['engine-dom', 'synthetic-shadow', 'wire-service'].map((name) => ({
          name: name === 'engine-dom' ? 'lwc' : `@lwc/${name}`,
          path: path.join(ROOT, 'node_modules', 'lwc', 'node_modules', '@lwc', name, 'dist', 'index.js'),
        })),
        // The highest API version this LWC knows; the components declare 67.0 for the platform.
        apiVersion: 66,
        enableDynamicComponents: true,
        exclude: ['**/*.json'],
      }),
      nodeResolve(),
    ],
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
      // Template notes the LWC compiler raises inside the base components themselves (not ours to fix).
      if (warning.id?.includes(`${path.sep}lightning-base-components${path.sep}`)) return;
      warn(warning);
    },
  });
  fs.rmSync(outDir, { recursive: true, force: true });
  await bundle.write({
    dir: outDir,
    format: 'esm',
    entryFileNames: 'main.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  });
  await bundle.close();
  fs.copyFileSync(path.join(SRC_DIR, 'index.html'), path.join(outDir, 'index.html'));
  return { outDir, ms: Date.now() - started };
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  buildPreview().then(
    ({ outDir, ms }) =>
      console.log(`Preview built in ${(ms / 1000).toFixed(1)} s: ${path.relative(process.cwd(), outDir)}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
