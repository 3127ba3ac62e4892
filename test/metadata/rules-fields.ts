/**
 * @module
 * Rules over objects and fields (custom metadata types' included): external IDs unique,
 * relationships name an existing target, master-detail shape, picklists with values (a global
 * value set must be in the package), file names matching API names; and the global value sets.
 */
import path from 'node:path';
import type { PackageMetadata } from './package-metadata.ts';
import type { Problems } from './problems.ts';

const EXTERNAL_ID_TYPES = new Set(['Text', 'Number', 'Email', 'AutoNumber']);

export function checkFields(meta: PackageMetadata, problems: Problems): void {
  const relationshipNames = new Map<string, string>(); // `${target}.${relName}` → file
  for (const object of [...meta.objects.values(), ...meta.customMetadataTypes.values()]) {
    for (const field of object.fields.values()) {
      const file = field.file;
      if (!file || !field.custom) continue;
      const id = `${object.name}.${field.name}`;
      const expected = path.basename(file).replace(/\.field-meta\.xml$/, '');
      if (expected !== field.name) {
        problems.add(file, 'field-file-name', `fullName ${field.name} does not match the file name ${expected}`);
      }
      if (!/__c$/.test(field.name)) {
        problems.add(file, 'field-api-name', `Custom field ${id} must end in __c`);
      }
      if (field.externalId) {
        if (!EXTERNAL_ID_TYPES.has(field.type)) {
          problems.add(file, 'external-id-type', `External ID ${id} has type ${field.type}; use Text, Number or Email`);
        }
        if (field.type !== 'AutoNumber' && !field.unique) {
          problems.add(
            file,
            'external-id-unique',
            `External ID ${id} must be unique (<unique>true</unique>): upserts by a non-unique external ID can match several records and need View All Data`,
          );
        }
      }
      if (field.type === 'Lookup' || field.type === 'MasterDetail') {
        if (!field.referenceTo) {
          problems.add(file, 'relationship-target', `${field.type} ${id} does not name its target (<referenceTo>)`);
        } else if (!meta.objects.has(field.referenceTo)) {
          problems.add(
            file,
            'relationship-target',
            `${field.type} ${id} points to ${field.referenceTo}, which is neither in the package nor a known standard object`,
          );
        }
        if (!field.relationshipName) {
          problems.add(file, 'relationship-name', `${field.type} ${id} has no <relationshipName>`);
        } else if (field.referenceTo) {
          const key = `${field.referenceTo}.${field.relationshipName}`;
          const other = relationshipNames.get(key);
          if (other) {
            problems.add(
              file,
              'relationship-name',
              `Relationship name ${field.relationshipName} on ${field.referenceTo} is already used by ${path.basename(other)}`,
            );
          } else {
            relationshipNames.set(key, file);
          }
        }
      }
      if (field.type === 'MasterDetail') {
        if (field.required) {
          problems.add(file, 'master-detail-shape', `Master-detail ${id} must not declare <required> (it always is)`);
        }
        if (object.sharingModel !== 'ControlledByParent') {
          problems.add(
            object.file ?? file,
            'master-detail-shape',
            `${object.name} is the detail of a master-detail, so its sharingModel must be ControlledByParent`,
          );
        }
      }
      if (field.type === 'Picklist') {
        if (field.valueSetName && !meta.globalValueSets.has(field.valueSetName)) {
          problems.add(
            file,
            'picklist-value-set',
            `Picklist ${id} uses global value set ${field.valueSetName}, which is not in the package`,
          );
        } else if (!field.values || field.values.length === 0) {
          problems.add(file, 'picklist-values', `Picklist ${id} has no values`);
        } else if (new Set(field.values).size !== field.values.length) {
          problems.add(file, 'picklist-values', `Picklist ${id} lists a value twice`);
        }
      }
    }
  }
}

export function checkGlobalValueSets(meta: PackageMetadata, problems: Problems): void {
  for (const set of meta.globalValueSets.values()) {
    if (set.values.length === 0) {
      problems.add(set.file, 'picklist-values', `Global value set ${set.name} has no values`);
    } else if (new Set(set.values).size !== set.values.length) {
      problems.add(set.file, 'picklist-values', `Global value set ${set.name} lists a value twice`);
    }
    if (set.defaults.length > 1) {
      problems.add(
        set.file,
        'picklist-values',
        `Global value set ${set.name} has ${set.defaults.length} defaults (${set.defaults.join(', ')}); at most one`,
      );
    }
  }
}
