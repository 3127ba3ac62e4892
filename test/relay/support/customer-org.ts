/**
 * The org as a customer has it for field-mapping tests: fields of their own deployed on standard
 * objects (a `Region__c` picklist on Account, say), and their `QuickBooks_Field_Mapping__mdt`
 * records, for `startInProcessRelay`'s `org` option.
 */
import type { MetadataValue } from '../../simulators/salesforce/custom-metadata.ts';
import type { SalesforceSimulator } from '../../simulators/salesforce/index.ts';
import type { FieldDef } from '../../metadata/package-metadata.ts';

/** Mapping records by developer name. */
export type MappingRecords = Readonly<Record<string, Record<string, MetadataValue>>>;

/** @example customerOrg([regionPicklist(['East', 'West'])], { Account_Region: REGION }) */
export function customerOrg(
  fields: readonly (readonly [object: string, field: FieldDef])[],
  mappings: MappingRecords = {},
) {
  return (sim: SalesforceSimulator) => {
    for (const [object, field] of fields) sim.org.deployField(object, field);
    for (const [name, values] of Object.entries(mappings))
      sim.org.setCustomMetadata('QuickBooks_Field_Mapping__mdt', name, values);
  };
}

/** The customer's own `Region__c` picklist on Account (restricted to `values`), as the field mapping tests deploy it. */
export const regionPicklist = (values: readonly string[]): readonly [string, FieldDef] => [
  'Account',
  { name: 'Region__c', type: 'Picklist', custom: true, required: false, values: [...values], restricted: true },
];
