/**
 * @module
 * Rules over Apex. The package holds Apex only where a platform limit forces it (today: custom
 * metadata types, which User Interface API and so Lightning Data Service do not serve), so every
 * class is either one a component imports (`@salesforce/apex/Class.method`) or that class's test
 * (`<Class>Test`, `@IsTest`). A component's class exists with its `-meta.xml` (Active, the project's
 * API version), is `with sharing`, its method is `@AuraEnabled(cacheable=true)` and `static`, it has
 * its test class, and the Admin and User permission sets grant access to it; permission sets grant
 * access only to classes of the package.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readMetadataXml } from './package-metadata.ts';
import type { Problems } from './problems.ts';

/** Permission sets whose users see the components, so need the classes those components call. */
export const COMPONENT_PERMISSION_SETS = ['Ledgerbridge_Admin', 'Ledgerbridge_User'];

const list = (v: unknown): Record<string, unknown>[] =>
  (Array.isArray(v) ? v : v ? [v] : []) as Record<string, unknown>[];

/** Apex source without comments and string literals, for looking at declarations. */
const code = (source: string) =>
  source
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/.*$/gm, ' ')
    .replace(/'(?:\\.|[^'\\])*'/g, "''");

/** `Class` → the methods components import from it, with the file that imports each. */
function importedMethods(root: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const lwcDir = path.join(root, 'lwc');
  if (!fs.existsSync(lwcDir)) return out;
  for (const bundle of fs.readdirSync(lwcDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const dir = path.join(lwcDir, bundle.name);
    for (const file of fs.readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/from '@salesforce\/apex\/([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)'/g)) {
        const methods = out.get(m[1]!) ?? new Map<string, string>();
        methods.set(m[2]!, path.join(dir, file));
        out.set(m[1]!, methods);
      }
    }
  }
  return out;
}

export function checkApex(projectRoot: string, root: string, problems: Problems): void {
  const classesDir = path.join(root, 'classes');
  const classes = new Set(
    fs.existsSync(classesDir)
      ? fs
          .readdirSync(classesDir)
          .filter((f) => f.endsWith('.cls'))
          .map((f) => f.slice(0, -'.cls'.length))
      : [],
  );
  const project = JSON.parse(fs.readFileSync(path.join(projectRoot, 'sfdx-project.json'), 'utf8')) as {
    sourceApiVersion?: string;
  };
  const imported = importedMethods(root);
  const source = (name: string) => code(fs.readFileSync(path.join(classesDir, `${name}.cls`), 'utf8'));

  for (const name of [...classes].sort()) {
    const file = path.join(classesDir, `${name}.cls`);
    const meta = `${file}-meta.xml`;
    if (!fs.existsSync(meta)) {
      problems.add(file, 'apex-class', `${name}.cls has no ${name}.cls-meta.xml`);
    } else {
      const { body } = readMetadataXml(meta);
      if (project.sourceApiVersion && String(body.apiVersion) !== project.sourceApiVersion)
        problems.add(
          meta,
          'apex-class',
          `${name} is at API ${String(body.apiVersion)}, not the project's ${project.sourceApiVersion}`,
        );
      if (String(body.status) !== 'Active') problems.add(meta, 'apex-class', `${name} is not Active`);
    }
    const tested = name.endsWith('Test') ? name.slice(0, -'Test'.length) : undefined;
    if (tested && imported.has(tested)) {
      if (!/@IsTest\b/i.test(source(name))) problems.add(file, 'apex-class', `${name} is not an @IsTest class`);
    } else if (!imported.has(name)) {
      problems.add(
        file,
        'apex-class',
        `${name} is neither called by a component nor the test of one that is: the package keeps Apex to what a platform limit forces`,
      );
    }
  }

  for (const [name, methods] of imported) {
    const [first] = methods.values();
    if (!classes.has(name)) {
      problems.add(first!, 'apex-class', `A component imports ${name}, which is not a class in classes/`);
      continue;
    }
    const file = path.join(classesDir, `${name}.cls`);
    const text = source(name);
    if (!new RegExp(`\\bwith\\s+sharing\\s+class\\s+${name}\\b`, 'i').test(text))
      problems.add(file, 'apex-sharing', `${name} must be declared with sharing`);
    for (const method of methods.keys()) {
      const declared = new RegExp(
        `@AuraEnabled\\s*\\(\\s*cacheable\\s*=\\s*true\\s*\\)\\s*(?:public|global)\\s+static\\s+[\\w<>,.\\s]+?\\s${method}\\s*\\(`,
        'i',
      );
      if (!declared.test(text))
        problems.add(
          file,
          'apex-method',
          `${name}.${method} must be a public static @AuraEnabled(cacheable=true) method (a component wires it)`,
        );
    }
    if (!classes.has(`${name}Test`))
      problems.add(file, 'apex-test', `${name} has no test class ${name}Test in classes/`);
  }

  const dir = path.join(root, 'permissionsets');
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter((x) => x.endsWith('.permissionset-meta.xml')) : []) {
    const file = path.join(dir, f);
    const granted = new Set(
      list(readMetadataXml(file).body.classAccesses)
        .filter((a) => String(a.enabled) === 'true')
        .map((a) => String(a.apexClass)),
    );
    for (const c of granted)
      if (!classes.has(c)) problems.add(file, 'permset-class', `Access to Apex class ${c}, which is not in classes/`);
    if (!COMPONENT_PERMISSION_SETS.includes(f.replace('.permissionset-meta.xml', ''))) continue;
    for (const c of imported.keys())
      if (classes.has(c) && !granted.has(c))
        problems.add(
          file,
          'permset-class',
          `${f.split('.')[0]} does not grant access to ${c}, which a component calls`,
        );
  }
}
