/**
 * @module
 * The org's field mappings checked against each books connection's own custom fields (the ones
 * its company has turned on, `SystemContext.booksCustomFields`): a mapping naming a custom field a
 * connection's company lacks, or has turned off, is said on that connection's record (a line of
 * `Field_Mapping_Problems__c`, beside the org's own lines) and ignored for it — its records go
 * without the value, in both directions. Checked each round, which asks the books little (they
 * keep what they read for minutes); a connection that does not say is not checked.
 */
import {
  joinProblemLines,
  problemLine,
  problemLines,
} from '../../../../force-app/main/default/lwc/fieldMappings/problemLines.ts';
import type { FieldMapping } from '../../sync/custom-fields.ts';
import type { RecordType } from '../../sync/model.ts';
import type { BooksCustomFields } from '../registry.ts';

/** What the books call each record, in words. */
const IN_WORDS: Readonly<Partial<Record<RecordType, string>>> = { invoice: 'invoice', customer: 'customer' };

/**
 * Per books connection, the lines of the mappings its company has no custom field for.
 * @example await booksFieldProblems(mappings, lookup) // Map { 'qbo-1' => ['Invoice_Crew: QuickBooks Online has no …'] }
 */
export async function booksFieldProblems(
  mappings: readonly FieldMapping[],
  booksCustomFields: (recordType: RecordType) => Promise<ReadonlyMap<string, BooksCustomFields>>,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const custom = mappings.filter((m) => !m.standard);
  for (const recordType of new Set(custom.map((m) => m.recordType as RecordType))) {
    const what = IN_WORDS[recordType] ?? recordType;
    for (const [connectionId, fields] of await booksCustomFields(recordType)) {
      for (const m of custom.filter((x) => x.recordType === recordType && !fields.names.includes(x.booksField))) {
        const has = fields.names.length ? ` (its ${what}s have ${fields.names.join(', ')})` : '';
        const line = problemLine(
          m.name,
          `${fields.system} has no ${what} custom field "${m.booksField}" turned on${has}`,
        );
        out.set(connectionId, [...(out.get(connectionId) ?? []), line]);
      }
    }
  }
  return out;
}

/** The org's lines and one connection's own, as its record shows them (undefined: never written). */
export function connectionProblems(org: string | undefined, own: readonly string[] | undefined): string | undefined {
  if (!own?.length) return org;
  return joinProblemLines([...problemLines(org), ...own]);
}
