/**
 * @module
 * Text that goes to QuickBooks Desktop: XML escaping and the ISO-8859-1 limit.
 *
 * QuickBooks Desktop stores only ISO-8859-1 (Latin-1). Characters outside it make QuickBooks answer
 * "QuickBooks found an error when parsing the provided XML" (0x80040400) or turn into "?" even when
 * entity-encoded (qbwc/qbxml#8). Everything we send therefore passes {@link toLatin1} first: common
 * typographic characters are transliterated ("…" → "...", "€" → "EUR", "ă" → "a"), anything without
 * a sensible Latin-1 spelling is refused with a message naming the field, so a bookkeeper can fix the
 * source record instead of finding mangled names in QuickBooks.
 */
import { err, ok, relayError, type Result, type RelayError } from '../../../lib/result.ts';

/** `transliterate` (default) maps what it can and refuses the rest; `reject` refuses any non-Latin-1 character. */
export type CharsetMode = 'transliterate' | 'reject';

/** Explicit spellings for characters NFKD decomposition does not reduce to Latin-1. */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u2022': '*',
  '\u00A0': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2009': ' ',
  '\u200A': ' ',
  '\u202F': ' ',
  '\u200B': '',
  '\u200C': '',
  '\u200D': '',
  '\uFEFF': '',
  '\u20AC': 'EUR',
  '\u2122': '(TM)',
  '\u0152': 'OE',
  '\u0153': 'oe',
  '\u0141': 'L',
  '\u0142': 'l',
  '\u0110': 'D',
  '\u0111': 'd',
  '\u0131': 'i',
  '\u0126': 'H',
  '\u0127': 'h',
  '\u0166': 'T',
  '\u0167': 't',
  '\u014A': 'N',
  '\u014B': 'n',
  '\u0132': 'IJ',
  '\u0133': 'ij',
  '\u1E9E': 'SS',
  '\u0192': 'f',
  '\u02C6': '^',
  '\u02DC': '~',
  '\u2039': '<',
  '\u203A': '>',
  '\u2044': '/',
  '\u2116': 'No.',
};

/** Characters XML 1.0 forbids, plus C1 controls QuickBooks cannot show. Tab, LF and CR are allowed. */
function isForbiddenControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);
}

function transliterateChar(ch: string): string | undefined {
  const mapped = TRANSLITERATIONS[ch];
  if (mapped !== undefined) return mapped;
  // Decompose ("ă" → "a" + U+0306) and keep the Latin-1 base characters, dropping combining marks.
  const parts = [...ch.normalize('NFKD')].filter((c) => !/\p{M}/u.test(c));
  if (parts.length === 0) return undefined;
  const out = parts.map((c) => ((c.codePointAt(0) ?? 0x100) <= 0xff ? c : (TRANSLITERATIONS[c] ?? null)));
  return out.every((c) => c !== null) ? out.join('') : undefined;
}

/**
 * Returns `text` limited to ISO-8859-1, or a `qbxml_not_latin1` error naming `field` and the first
 * offending character.
 * @example
 * toLatin1('Café “Ăn Ngon” – Hà Nội', 'CustomerAdd/Name'); // ok('Café "An Ngon" - Ha Noi')
 * toLatin1('東京', 'CustomerAdd/Name').ok;                    // false
 */
export function toLatin1(text: string, field: string, mode: CharsetMode = 'transliterate'): Result<string> {
  let needsWork = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff || isForbiddenControl(code)) {
      needsWork = true;
      break;
    }
  }
  if (!needsWork) return ok(text);
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code <= 0xff && !isForbiddenControl(code)) {
      out += ch;
      continue;
    }
    if (isForbiddenControl(code)) {
      if (mode === 'reject') return err(notLatin1(field, ch, text));
      continue; // control characters carry no meaning in a QuickBooks field
    }
    const mapped = mode === 'transliterate' ? transliterateChar(ch) : undefined;
    if (mapped === undefined) return err(notLatin1(field, ch, text));
    out += mapped;
  }
  return ok(out);
}

function notLatin1(field: string, ch: string, text: string): RelayError {
  const code = `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return relayError(
    'qbxml_not_latin1',
    `${field} contains "${ch}" (${code}), which QuickBooks Desktop cannot store (it accepts only ` +
      `Western European characters). Change "${text.slice(0, 60)}" in the source record.`,
  );
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes the five XML special characters (an unescaped `&` alone makes QuickBooks reject the whole
 * request with 0x80040400).
 * @example escapeXml('Smith & Sons <West>'); // 'Smith &amp; Sons &lt;West&gt;'
 */
export function escapeXml(text: string): string {
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c) : text;
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes the five predefined XML entities and numeric character references; anything else (an
 * entity a DTD would define) is left as written, never expanded.
 * @example unescapeXml('The name &quot;A&amp;B&quot; &#233;'); // 'The name "A&B" é'
 */
export function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}
