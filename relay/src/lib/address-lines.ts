/**
 * @module
 * A street as address lines: QuickBooks (Desktop and Online alike) keeps at most five, so a longer
 * street keeps its first four lines and joins the rest into the fifth instead of losing them.
 */

/** QuickBooks' address lines (`Addr1`…`Addr5`, `Line1`…`Line5`). */
const MAX_LINES = 5;

/**
 * @example addressLines('1 Main St\nSuite 4') // ['1 Main St', 'Suite 4']
 * @example addressLines('a\nb\nc\nd\ne\nf') // ['a', 'b', 'c', 'd', 'e, f']
 */
export function addressLines(street: string | undefined): string[] {
  const lines = (street ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES - 1), lines.slice(MAX_LINES - 1).join(', ')] : lines;
}
