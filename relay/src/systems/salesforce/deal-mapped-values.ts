/**
 * @module
 * The org's field mappings applied to what a won deal sends to QuickBooks: each active mapping of
 * an Opportunity field into the books' invoice gives the deal a custom value (`CustomValue`, by
 * the QuickBooks field's name, marked `standard` for a field every invoice has), through the
 * mapping's transform and cut to what the QuickBooks field holds (an empty one clears a custom
 * field; a standard field keeps its value). A value cut to fit is logged
 * (mapping, field, record, lengths; never the text). The change queries read the fields
 * (`change-queries.ts`); this says what they send.
 */
import type { Logger } from '../../lib/logger.ts';
import { transform, type FieldMapping } from '../../sync/custom-fields.ts';
import type { CustomValue } from '../../sync/model.ts';

/** What reading a deal needs of the org's mappings: the ones in force (read at most hourly), and where to log. */
export interface MappingContext {
  readonly mappings: () => Promise<readonly FieldMapping[]>;
  readonly log: Logger;
}

/** The mappings that send an Opportunity field into the invoice. */
export const dealMappings = (mappings: readonly FieldMapping[]) =>
  mappings.filter((m) => m.toBooks && m.recordType === 'invoice');

/**
 * The values a deal (`fields`: its mapped fields, by the org's names) sends through `mappings`.
 * @example dealValues({ PO_Reference__c: 'PO-7' }, '006…', mappings, log) // [{ name: 'Other', value: 'PO-7', standard: true }]
 */
export function dealValues(
  fields: Readonly<Record<string, unknown>>,
  id: string,
  mappings: readonly FieldMapping[],
  log: Logger,
): CustomValue[] {
  return mappings.flatMap((m) => {
    const raw = fields[m.crmField];
    const out = transform(m.transform, typeof raw === 'string' ? raw : undefined, 'books', m.length?.books);
    if (out.cutFrom !== undefined) {
      log.warn('a mapped value cut to fit its QuickBooks field', {
        mapping: m.name,
        field: m.booksField,
        record: id,
        length: out.cutFrom,
        limit: m.length?.books,
      });
    }
    if (out.keep || (out.value === null && m.standard)) return [];
    // A custom field the deal leaves empty is cleared (`''`); a standard one keeps what the books hold.
    return [{ name: m.booksField, value: out.value ?? '', ...(m.standard ? { standard: true as const } : {}) }];
  });
}
