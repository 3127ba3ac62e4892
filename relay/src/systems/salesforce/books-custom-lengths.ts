/**
 * @module
 * Whether what a field mapping sends fits a QuickBooks custom field of a limited length (an Online
 * sales-form custom field holds 31 characters, and Intuit refuses a longer value, the whole
 * invoice with it): a Salesforce text field longer than that needs Truncate; a value map's
 * QuickBooks values must each fit; and a truncated value cannot flow both ways, or the cut value
 * read back would cut the Salesforce field too.
 */
import type { TransformKind } from '../../sync/custom-fields.ts';

/** What is checked: the transform, the ways it flows, the Salesforce field, a value map's QuickBooks values. */
export interface LengthCheck {
  readonly name: string;
  readonly kind: TransformKind;
  readonly transformWords: string;
  readonly toBooks: boolean;
  readonly toCrm: boolean;
  readonly field: { readonly type: string; readonly length: number };
  readonly booksValues: readonly string[];
}

const TEXT = new Set(['string', 'textarea']);

/**
 * Why the mapping does not fit `limit` characters, or undefined.
 * @example lengthProblem({ name: 'Opportunity.PO__c', kind: 'copy', transformWords: 'Copy', toBooks: true, toCrm: false, field: { type: 'string', length: 80 }, booksValues: [] }, 31, 'a QuickBooks Online custom field')
 */
export function lengthProblem(c: LengthCheck, limit: number, what: string): string | undefined {
  if (!c.toBooks) return undefined;
  const long = TEXT.has(c.field.type) && c.field.length > limit;
  if (long && (c.kind === 'copy' || c.kind === 'default'))
    return `${c.name} holds ${c.field.length} characters and ${what} ${limit}, which ${c.transformWords} cannot fit: use Truncate, or a field of at most ${limit} characters`;
  if (long && c.kind === 'truncate' && c.toCrm)
    return `Truncate cuts ${c.name} to the ${limit} characters of ${what}, and the cut value read back would cut it in Salesforce too: make the direction Salesforce to QuickBooks, or use a field of at most ${limit} characters`;
  const over = c.booksValues.filter((v) => [...v].length > limit);
  if (over.length)
    return `the value map gives ${what} ${over.map((v) => `"${v}"`).join(', ')}, longer than its ${limit} characters`;
  return undefined;
}
