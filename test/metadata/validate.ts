/**
 * @module
 * The offline metadata check: everything that can be known about the package without an org.
 * `npm run validate:metadata` runs it over this repository; tests run it over broken copies.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadPackageMetadata } from './package-metadata.ts';
import { Problems, type Problem } from './problems.ts';
import {
  checkChangeDataCapture,
  checkExternalClientApp,
  checkListViews,
  checkPermissionSets,
  checkTabsAndApp,
} from './rules-access.ts';
import { checkApex } from './rules-apex.ts';
import { checkComponentFields } from './rules-component-fields.ts';
import { checkComponents } from './rules-components.ts';
import { checkCustomMetadata } from './rules-custom-metadata.ts';
import { checkFields, checkGlobalValueSets } from './rules-fields.ts';
import { checkConverts, checkProjectFiles, checkRelaySchema, checkWellFormed } from './rules-project.ts';

export interface CheckReport {
  readonly problems: readonly Problem[];
  readonly components: number;
  readonly objects: number;
}

/**
 * Runs every rule over the Salesforce DX project at `projectRoot`.
 * @example const { problems } = await checkMetadata(process.cwd());
 */
export async function checkMetadata(projectRoot: string): Promise<CheckReport> {
  const problems = new Problems(projectRoot);
  await checkProjectFiles(projectRoot, problems);
  const project = JSON.parse(fs.readFileSync(path.join(projectRoot, 'sfdx-project.json'), 'utf8')) as {
    packageDirectories?: { path: string }[];
  };
  let objects = 0;
  for (const dir of project.packageDirectories ?? []) {
    const packageDir = path.join(projectRoot, dir.path);
    const root = path.join(packageDir, 'main', 'default');
    checkWellFormed(packageDir, problems);
    if (problems.list.some((p) => p.rule === 'xml-well-formed')) continue; // later rules would only repeat it
    await checkConverts(projectRoot, packageDir, problems);
    const meta = loadPackageMetadata(root);
    objects += [...meta.objects.values()].filter((o) => o.custom).length;
    checkFields(meta, problems);
    checkGlobalValueSets(meta, problems);
    checkCustomMetadata(meta, problems);
    checkPermissionSets(meta, problems);
    checkTabsAndApp(meta, problems);
    checkListViews(meta, problems);
    checkChangeDataCapture(meta, problems);
    checkExternalClientApp(meta, problems);
    checkComponents(projectRoot, root, problems);
    checkComponentFields(meta, problems);
    checkApex(projectRoot, root, problems);
    checkRelaySchema(meta, problems);
  }
  const { ComponentSet } = await import('@salesforce/source-deploy-retrieve');
  const components = (project.packageDirectories ?? []).reduce(
    (n, d) => n + ComponentSet.fromSource(path.join(projectRoot, d.path)).size,
    0,
  );
  return { problems: problems.list, components, objects };
}
