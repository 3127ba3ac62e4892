/**
 * @module
 * CSV for Bulk API 2.0: building an upload with a fixed column list, and parsing result files.
 */

/** Formats one value: `null` → `#N/A` (sets the field to null), `undefined` → empty (leaves it). */
export function csvValue(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return '#N/A';
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return /[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Builds an LF-terminated CSV with exactly `columns`, in that order.
 * @example buildCsv(['Name', 'X__c'], [{ Name: 'A, Inc', X__c: null }]) // 'Name,X__c\n"A, Inc",#N/A\n'
 */
export function buildCsv(columns: readonly string[], rows: readonly Readonly<Record<string, unknown>>[]): string {
  const lines = [columns.map(csvValue).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvValue(row[c])).join(','));
  return lines.join('\n') + '\n';
}

/** Parses CSV (RFC 4180, LF or CRLF) into objects keyed by the header row. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let dirty = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      quoted = true;
      dirty = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
      dirty = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      dirty = false;
    } else {
      field += c;
      dirty = true;
    }
  }
  if (dirty || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  if (!header) return [];
  return body
    .filter((r) => !(r.length === 1 && r[0] === ''))
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
