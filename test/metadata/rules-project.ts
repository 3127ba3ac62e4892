/**
 * @module
 * Project-level rules: every metadata file is well-formed XML, the source converts to Metadata API
 * format (the same conversion `sf project deploy` does, offline), `sfdx-project.json` and the
 * scratch-org definition validate against Salesforce's JSON schemas, and the relay's schema
 * (`relay/src/systems/salesforce/schema.ts`) matches the package.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { XMLValidator } from 'fast-xml-parser';
import { SCHEMA } from '../../relay/src/systems/salesforce/schema.ts';
import type { PackageMetadata } from './package-metadata.ts';
import type { Problems } from './problems.ts';

const resolveFromHere = createRequire(import.meta.url);

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '__tests__') walk(p, out);
    } else out.push(p);
  }
  return out;
}

export function checkWellFormed(packageDir: string, problems: Problems): void {
  for (const file of walk(packageDir).filter((f) => f.endsWith('-meta.xml'))) {
    const result = XMLValidator.validate(fs.readFileSync(file, 'utf8'));
    if (result !== true) {
      problems.add(file, 'xml-well-formed', `Not well-formed XML: ${result.err.msg} (line ${result.err.line})`);
    }
  }
}

export async function checkConverts(projectRoot: string, packageDir: string, problems: Problems): Promise<void> {
  const { ComponentSet, MetadataConverter } = await import('@salesforce/source-deploy-retrieve');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-mdapi-'));
  try {
    const set = ComponentSet.fromSource(packageDir);
    if (set.size === 0) problems.add(packageDir, 'source-converts', 'No metadata components found');
    await new MetadataConverter().convert(set, 'metadata', {
      type: 'directory',
      outputDirectory: out,
      packageName: 'Ledgerbridge',
      genUniqueDir: false,
    });
  } catch (error) {
    const e = error as Error & { data?: unknown };
    const where = /(force-app\/[^\s'"]+)/.exec(e.message)?.[1] ?? path.relative(projectRoot, packageDir);
    problems.add(where, 'source-converts', `Source does not convert to Metadata API format: ${e.name}: ${e.message}`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

export async function checkProjectFiles(projectRoot: string, problems: Problems): Promise<void> {
  const { Ajv } = await import('ajv');
  const ajv = new Ajv({ allErrors: true, strict: false });
  const schemas = path.dirname(resolveFromHere.resolve('@salesforce/schemas/package.json'));
  const targets: [string, string][] = [['sfdx-project.json', 'sfdx-project.schema.json']];
  const project = readJson(path.join(projectRoot, 'sfdx-project.json'), problems);
  const definitionFile = (project?.packageDirectories as { definitionFile?: string }[] | undefined)?.find(
    (d) => d.definitionFile,
  )?.definitionFile;
  if (definitionFile) targets.push([definitionFile, 'project-scratch-def.schema.json']);
  for (const [file, schemaFile] of targets) {
    const data = readJson(path.join(projectRoot, file), problems);
    if (data === undefined) continue;
    const schema = JSON.parse(fs.readFileSync(path.join(schemas, schemaFile), 'utf8')) as object;
    const validate = ajv.compile(schema);
    if (!validate(data)) {
      for (const e of validate.errors ?? []) {
        problems.add(file, 'project-json-schema', `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
      }
    }
  }
}

function readJson(file: string, problems: Problems): Record<string, unknown> | undefined {
  if (!fs.existsSync(file)) {
    problems.add(file, 'project-json-schema', 'File is missing');
    return undefined;
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    problems.add(file, 'project-json-schema', `Not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
}

/** The relay writes only objects, fields and picklist values that the package defines. */
export function checkRelaySchema(meta: PackageMetadata, problems: Problems, schema: typeof SCHEMA = SCHEMA): void {
  const file = 'relay/src/systems/salesforce/schema.ts';
  for (const [objectName, spec] of Object.entries(schema) as [string, (typeof SCHEMA)[keyof typeof SCHEMA]][]) {
    const object = meta.objects.get(objectName);
    if (!object) {
      problems.add(file, 'relay-schema', `The relay uses object ${objectName}, which the package does not define`);
      continue;
    }
    for (const f of spec.fields) {
      if (!object.fields.has(f)) {
        problems.add(file, 'relay-schema', `The relay uses ${objectName}.${f}, which the package does not define`);
      }
    }
    const externalIds = [
      ...('externalId' in spec && spec.externalId ? [spec.externalId] : []),
      ...('alternateExternalIds' in spec ? spec.alternateExternalIds : []),
    ];
    for (const extId of externalIds) {
      const ext = object.fields.get(extId);
      if (!ext?.externalId || !ext.unique) {
        problems.add(
          file,
          'relay-schema',
          `The relay upserts ${objectName} by ${extId}, which is not a unique external ID in the package`,
        );
      }
    }
    const picklists = ('picklists' in spec ? spec.picklists : {}) as Record<string, readonly string[]>;
    for (const [fieldName, values] of Object.entries(picklists)) {
      const field = object.fields.get(fieldName);
      if (!field) continue;
      const defined = new Set(field.values ?? []);
      for (const v of values) {
        if (!defined.has(v)) {
          problems.add(
            field.file ?? file,
            'relay-picklist',
            `The relay writes "${v}" to ${objectName}.${fieldName}, which is not one of its picklist values`,
          );
        }
      }
    }
  }
}
