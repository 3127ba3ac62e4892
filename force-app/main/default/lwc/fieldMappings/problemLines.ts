/**
 * @module
 * The one definition of the lines the relay writes on a connection's `Field_Mapping_Problems__c`:
 * one line per mapping it ignored, `<DeveloperName>: <reason in words>`, lines joined by a newline
 * (an empty text: every active mapping applies). The relay builds them with {@link problemLine} and
 * {@link joinProblemLines} (`relay/src/systems/salesforce/field-mappings.ts`); the field mappings
 * view (`c-field-mappings`) reads them back with {@link problemLines} and {@link problemsByMapping},
 * so the two cannot drift apart. Pure: no LWC imports, so the relay can import it.
 */

const SEPARATOR = ': ';
const NEWLINE = '\n';
/** A custom metadata record's DeveloperName: a letter, then letters, digits and single underscores. */
const DEVELOPER_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * One problem line: the mapping's DeveloperName and why it is ignored.
 * @example
 * problemLine('Account_Region', 'Account.Region__c does not exist in this org');
 * // 'Account_Region: Account.Region__c does not exist in this org'
 */
export function problemLine(developerName: string, reason: string): string {
  return `${developerName}${SEPARATOR}${reason}`;
}

/** The text written on the connection, from its lines. @example joinProblemLines(['A: x', 'B: y']); // 'A: x\nB: y' */
export function joinProblemLines(lines: readonly string[]): string {
  return lines.join(NEWLINE);
}

/** The lines of a connection's text (blank lines dropped). @example problemLines('A: x\n\nB: y'); // ['A: x', 'B: y'] */
export function problemLines(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/**
 * The mapping a line names (its DeveloperName), or undefined for a line that names none (a record
 * the relay could not read at all).
 * @example
 * mappingOf('Account_Region: Account.Region__c does not exist in this org'); // 'Account_Region'
 * mappingOf('a mapping the relay cannot read (Required)'); // undefined
 */
export function mappingOf(line: string): string | undefined {
  const at = line.indexOf(SEPARATOR);
  if (at <= 0) return undefined;
  const name = line.slice(0, at);
  return DEVELOPER_NAME.test(name) ? name : undefined;
}

/**
 * The reasons per mapping a connection's text names, by DeveloperName, in the text's order.
 * @example
 * problemsByMapping('A: x\nA: y\nB: z').get('A'); // ['x', 'y']
 */
export function problemsByMapping(text: string | null | undefined): Map<string, string[]> {
  const byMapping = new Map<string, string[]>();
  for (const line of problemLines(text)) {
    const name = mappingOf(line);
    if (name === undefined) continue;
    const reasons = byMapping.get(name) ?? [];
    reasons.push(line.slice(name.length + SEPARATOR.length));
    byMapping.set(name, reasons);
  }
  return byMapping;
}
