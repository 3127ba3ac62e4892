/**
 * @module
 * Every field a Lightning component reads is one the relay's schema names
 * (`relay/src/systems/salesforce/schema.ts`: what the relay reads or writes), so a panel never
 * shows a field nothing fills. Each `@salesforce/schema/Object.path` a bundle imports is walked
 * hop by hop: a relationship (`Account`, `QuickBooks_Connection__r`) needs its lookup field
 * (`AccountId`, `QuickBooks_Connection__c`) in the schema, and leads to the object the package
 * says it points to; the last field must be in the schema too. `Id` is always there, and so is
 * `Name` where the platform numbers it (an auto-number name field).
 */
import fs from 'node:fs';
import path from 'node:path';
import { SCHEMA } from '../../relay/src/systems/salesforce/schema.ts';
import type { PackageMetadata } from './package-metadata.ts';
import type { Problems } from './problems.ts';

type Schema = Readonly<Record<string, { readonly fields: readonly string[] }>>;

const lookupOf = (relationship: string) =>
  relationship.endsWith('__r') ? relationship.replace(/__r$/, '__c') : `${relationship}Id`;

/** Why the relay's schema does not cover an imported reference, or undefined when it does. */
function uncovered(meta: PackageMetadata, schema: Schema, reference: string): string | undefined {
  const [first, ...path] = reference.split('.');
  let object = first!;
  if (!schema[object]) return `the relay does not use the object ${object}`;
  for (const [i, segment] of path.entries()) {
    const last = i === path.length - 1;
    const field = last ? segment : lookupOf(segment);
    const platformName =
      field === 'Id' || (field === 'Name' && meta.objects.get(object)?.nameField?.type === 'AutoNumber');
    if (!platformName && !schema[object]!.fields.includes(field))
      return `the relay does not read or write ${object}.${field}`;
    if (last) break;
    const target = meta.objects.get(object)?.fields.get(field)?.referenceTo;
    if (!target) return `${object}.${field} is not a lookup the package defines`;
    if (!schema[target]) return `the relay does not use the object ${target}`;
    object = target;
  }
  return undefined;
}

export function checkComponentFields(meta: PackageMetadata, problems: Problems, schema: Schema = SCHEMA): void {
  const lwcDir = path.join(meta.root, 'lwc');
  if (!fs.existsSync(lwcDir)) return;
  for (const bundle of fs.readdirSync(lwcDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const file = path.join(lwcDir, bundle.name, `${bundle.name}.ts`);
    if (!fs.existsSync(file)) continue;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/from '@salesforce\/schema\/([^']+)'/g)) {
      const why = uncovered(meta, schema, m[1]!);
      if (why) problems.add(file, 'component-field', `${bundle.name} reads ${m[1]}, but ${why} (schema.ts)`);
    }
  }
}
