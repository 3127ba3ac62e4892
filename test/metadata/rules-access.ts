/**
 * @module
 * Rules over what refers to objects and fields: permission sets, tabs, the app, list views, Change
 * Data Capture selections and the External Client App.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readMetadataXml, type PackageMetadata } from './package-metadata.ts';
import type { Problems } from './problems.ts';

const list = (v: unknown): Record<string, unknown>[] =>
  (Array.isArray(v) ? v : v ? [v] : []) as Record<string, unknown>[];
const files = (dir: string, suffix: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(suffix))
        .sort()
        .map((f) => path.join(dir, f))
    : [];

/** Custom tabs in the package, by name. */
export function packageTabs(root: string): Set<string> {
  return new Set(files(path.join(root, 'tabs'), '.tab-meta.xml').map((f) => path.basename(f, '.tab-meta.xml')));
}

function fieldExists(meta: PackageMetadata, qualified: string): 'ok' | 'no-object' | 'no-field' {
  const [obj, field] = qualified.split('.');
  const object = obj ? meta.objects.get(obj) : undefined;
  if (!object) return 'no-object';
  return field && object.fields.has(field) ? 'ok' : 'no-field';
}

export function checkPermissionSets(meta: PackageMetadata, problems: Problems): void {
  const tabs = packageTabs(meta.root);
  for (const file of files(path.join(meta.root, 'permissionsets'), '.permissionset-meta.xml')) {
    const { body } = readMetadataXml(file);
    for (const op of list(body.objectPermissions)) {
      const obj = String(op.object);
      if (!meta.objects.has(obj)) {
        problems.add(file, 'permset-object', `Object permission for ${obj}, which does not exist`);
      }
    }
    for (const fp of list(body.fieldPermissions)) {
      const qualified = String(fp.field);
      const found = fieldExists(meta, qualified);
      if (found !== 'ok') {
        problems.add(file, 'permset-field', `Field permission for ${qualified}, which does not exist`);
        continue;
      }
      const [obj, name] = qualified.split('.') as [string, string];
      const field = meta.objects.get(obj)!.fields.get(name)!;
      if (field.required || field.type === 'MasterDetail') {
        problems.add(
          file,
          'permset-field',
          `${qualified} is required or master-detail; permission sets cannot list it (the deploy fails)`,
        );
      }
    }
    for (const ts of list(body.tabSettings)) {
      const tab = String(ts.tab);
      if (!tab.startsWith('standard-') && !tabs.has(tab)) {
        problems.add(file, 'permset-tab', `Tab setting for ${tab}, which is not a tab in the package`);
      }
    }
  }
}

export function checkTabsAndApp(meta: PackageMetadata, problems: Problems): void {
  const tabs = packageTabs(meta.root);
  for (const file of files(path.join(meta.root, 'tabs'), '.tab-meta.xml')) {
    const name = path.basename(file, '.tab-meta.xml');
    const { body } = readMetadataXml(file);
    if (String(body.customObject) === 'true' && !meta.objects.get(name)?.custom) {
      problems.add(file, 'tab-object', `Tab ${name} is for a custom object the package does not define`);
    }
  }
  for (const file of files(path.join(meta.root, 'applications'), '.app-meta.xml')) {
    const { body } = readMetadataXml(file);
    for (const t of list(body.tabs as unknown).map(String)) {
      if (!t.startsWith('standard-') && !tabs.has(t)) {
        problems.add(file, 'app-tab', `App tab ${t} is not a tab in the package`);
      }
    }
  }
}

export function checkListViews(meta: PackageMetadata, problems: Problems): void {
  for (const object of meta.objects.values()) {
    const dir = path.join(meta.root, 'objects', object.name, 'listViews');
    for (const file of files(dir, '.listView-meta.xml')) {
      const { body } = readMetadataXml(file);
      const refs = [
        ...list(body.columns as unknown).map((c) => ['column', String(c)] as const),
        ...list(body.filters).map((f) => ['filter', String(f.field)] as const),
      ];
      for (const [kind, name] of refs) {
        // Upper-case tokens (NAME, CREATED_DATE, LAST_UPDATE) are the platform's standard columns.
        if (/^[A-Z_0-9.]+$/.test(name)) continue;
        if (!object.fields.has(name)) {
          problems.add(file, 'listview-field', `List view ${kind} ${name} is not a field of ${object.name}`);
        }
      }
    }
  }
}

export function checkChangeDataCapture(meta: PackageMetadata, problems: Problems): void {
  for (const file of files(
    path.join(meta.root, 'platformEventChannelMembers'),
    '.platformEventChannelMember-meta.xml',
  )) {
    const { body } = readMetadataXml(file);
    const entity = String(body.selectedEntity ?? '');
    const object = entity.endsWith('__ChangeEvent')
      ? entity.replace(/__ChangeEvent$/, '__c')
      : entity.replace(/ChangeEvent$/, '');
    if (!entity.endsWith('ChangeEvent') || !meta.objects.has(object)) {
      problems.add(file, 'cdc-entity', `Change event ${entity} does not belong to an object the package knows`);
    }
  }
}

export function checkExternalClientApp(meta: PackageMetadata, problems: Problems): void {
  const apps = new Set(
    files(path.join(meta.root, 'externalClientApps'), '.eca-meta.xml').map((f) => path.basename(f, '.eca-meta.xml')),
  );
  for (const file of files(path.join(meta.root, 'extlClntAppOauthSettings'), '.ecaOauth-meta.xml')) {
    const { body } = readMetadataXml(file);
    const app = String(body.externalClientApplication ?? '');
    if (!apps.has(app)) {
      problems.add(file, 'eca-link', `OAuth settings for External Client App ${app}, which is not in the package`);
    }
  }
}
