/**
 * @module
 * Rules over the Lightning components and what exposes them: each bundle has its metadata file, no
 * bundle commits a `.js` beside a `.ts` of the same name, FlexiPages and quick actions name
 * components that exist, and every imported Custom Label is defined.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readMetadataXml } from './package-metadata.ts';
import type { Problems } from './problems.ts';

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** Files under `dir` that git tracks (or all files, outside a git checkout). */
function trackedFiles(projectRoot: string, dir: string): Set<string> | undefined {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--', path.relative(projectRoot, dir)], {
      cwd: projectRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return new Set(out.split('\0').filter(Boolean));
  } catch {
    return undefined;
  }
}

function labelNames(root: string): Set<string> {
  const file = path.join(root, 'labels', 'CustomLabels.labels-meta.xml');
  if (!fs.existsSync(file)) return new Set();
  const { body } = readMetadataXml(file);
  return new Set(list(body.labels).map((l) => String((l as { fullName: unknown }).fullName)));
}

/** Collects every `name` value found anywhere under a parsed XML node. */
function collect(node: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collect(n, key, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key && (typeof v === 'string' || typeof v === 'number')) out.push(String(v));
      else collect(v, key, out);
    }
  }
  return out;
}

export function checkComponents(projectRoot: string, root: string, problems: Problems): void {
  const lwcDir = path.join(root, 'lwc');
  const bundles = fs.existsSync(lwcDir)
    ? fs
        .readdirSync(lwcDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
        .map((d) => d.name)
    : [];
  const tracked = trackedFiles(projectRoot, lwcDir);
  const labels = labelNames(root);
  for (const bundle of bundles) {
    const dir = path.join(lwcDir, bundle);
    const meta = path.join(dir, `${bundle}.js-meta.xml`);
    if (!fs.existsSync(meta)) {
      problems.add(dir, 'lwc-bundle', `Bundle ${bundle} has no ${bundle}.js-meta.xml`);
    }
    const sources = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    if (!sources.includes(`${bundle}.ts`) && !fs.existsSync(path.join(dir, `${bundle}.js`))) {
      problems.add(dir, 'lwc-bundle', `Bundle ${bundle} has no ${bundle}.ts`);
    }
    for (const ts of sources) {
      const js = path.join(dir, ts.replace(/\.ts$/, '.js'));
      const rel = path.relative(projectRoot, js).split(path.sep).join('/');
      const committed = tracked ? tracked.has(rel) : fs.existsSync(js);
      if (committed) {
        problems.add(js, 'lwc-ts-only', `${path.basename(js)} is committed beside ${ts}; commit the TypeScript only`);
      }
      const text = fs.readFileSync(path.join(dir, ts), 'utf8');
      for (const m of text.matchAll(/@salesforce\/label\/(?:c|[A-Za-z0-9]+)\.([A-Za-z0-9_]+)/g)) {
        if (!labels.has(m[1]!)) {
          problems.add(path.join(dir, ts), 'label-defined', `Custom Label ${m[1]} is imported but not defined`);
        }
      }
    }
  }
  const known = new Set(bundles);
  const flexi = path.join(root, 'flexipages');
  for (const file of fs.existsSync(flexi) ? fs.readdirSync(flexi).map((f) => path.join(flexi, f)) : []) {
    if (!file.endsWith('.flexipage-meta.xml')) continue;
    const { body } = readMetadataXml(file);
    for (const name of collect(body, 'componentName')) {
      const local = name.startsWith('c:') ? name.slice(2) : name;
      if (!name.includes(':') || name.startsWith('c:')) {
        if (!known.has(local)) problems.add(file, 'flexipage-component', `Component ${name} is not a bundle in lwc/`);
      }
    }
  }
  const actions = path.join(root, 'quickActions');
  for (const file of fs.existsSync(actions) ? fs.readdirSync(actions).map((f) => path.join(actions, f)) : []) {
    if (!file.endsWith('.quickAction-meta.xml')) continue;
    const { body } = readMetadataXml(file);
    const component = body.lightningWebComponent ? String(body.lightningWebComponent) : undefined;
    if (component && !known.has(component.replace(/^c:/, ''))) {
      problems.add(file, 'quickaction-component', `Quick action opens ${component}, which is not a bundle in lwc/`);
    }
  }
}
