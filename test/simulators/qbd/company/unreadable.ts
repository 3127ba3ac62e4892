/**
 * @module
 * A page well-formed enough to pass for a QuickBooks answer but holding a record its reader must
 * refuse: the first record's EditSequence replaced by words (QuickBooks writes a short token without
 * spaces). Models a page the relay cannot read, for the `unreadableRecord` fault.
 */

/** The EditSequence written into the garbled record. */
export const GARBLED_EDIT_SEQUENCE = 'not an edit sequence';

/**
 * The response with its first record's EditSequence garbled (unchanged when it has none).
 * @example garbleFirstRecord('<CustomerRet><EditSequence>1709312400</EditSequence>…') // '…<EditSequence>not an edit sequence</EditSequence>…'
 */
export function garbleFirstRecord(response: string): string {
  return response.replace(
    /<EditSequence>[^<]*<\/EditSequence>/,
    `<EditSequence>${GARBLED_EDIT_SEQUENCE}</EditSequence>`,
  );
}
