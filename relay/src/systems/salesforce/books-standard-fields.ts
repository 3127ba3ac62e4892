/**
 * @module
 * The standard fields of a QuickBooks record that a field mapping of kind `Standard` may write: a
 * closed table, by the canonical record they are on, each with the most characters QuickBooks
 * Desktop holds there (qbXML 13: an invoice's Other holds 29). The relay writes them and does not
 * read them back, so such a mapping flows one way, Salesforce to QuickBooks. A field the relay's
 * own mapping already writes (an invoice's memo from the Opportunity's Description) is not a
 * mapping's to write as well: the two would fight.
 */

/** Per canonical record, the standard fields a mapping may write, and their lengths in QuickBooks. */
const WRITABLE: Readonly<Record<string, Readonly<Record<string, number>>>> = { invoice: { Other: 29 } };

/** Per canonical record, the standard fields the relay's own mapping writes, and from what. */
const SHIPPED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  invoice: {
    CustomerRef: "the Opportunity's Account",
    TxnDate: "the Opportunity's Close Date",
    Memo: "the Opportunity's Description",
    ExternalGUID: "the Opportunity's Id",
  },
};

/** What the books call each record, in words. */
const IN_WORDS: Readonly<Record<string, string>> = { invoice: 'invoice' };

/**
 * The QuickBooks length of the standard field a mapping names, or why it cannot write it.
 * @example standardField('invoice', 'Other', 'Salesforce to QuickBooks') // { length: 29 }
 */
export function standardField(
  recordType: string,
  field: string,
  direction: string,
): { readonly length: number } | { readonly problem: string } {
  const what = `a QuickBooks ${IN_WORDS[recordType] ?? recordType}'s ${field}`;
  const shipped = SHIPPED[recordType]?.[field];
  if (shipped) return { problem: `the relay already writes ${what} (from ${shipped}); a mapping cannot write it too` };
  const writable = WRITABLE[recordType] ?? {};
  const length = writable[field];
  if (length === undefined) {
    const known = Object.keys(writable).join(', ');
    return {
      problem: `"${field}" is not a standard field of a QuickBooks ${IN_WORDS[recordType] ?? recordType} the relay can write (${known} ${Object.keys(writable).length === 1 ? 'is' : 'are'})`,
    };
  }
  if (direction !== 'Salesforce to QuickBooks') {
    return {
      problem: `the relay writes ${what} but does not read it back, so its direction can only be Salesforce to QuickBooks`,
    };
  }
  return { length };
}
