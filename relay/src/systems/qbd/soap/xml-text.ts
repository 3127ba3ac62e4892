/**
 * @module
 * Escaping and unescaping of XML character data, in one pass each. Only the five predefined
 * entities and numeric character references exist here: documents with a DOCTYPE are refused
 * before parsing, so no other entity can be declared, let alone expanded.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escapes text for element content or an attribute value.
 * @example escapeXml('A & B <c>') // 'A &amp; B &lt;c&gt;'
 */
export function escapeXml(text: string): string {
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string) : text;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Resolves the predefined entities and numeric character references; anything else is left as is
 * (a well-formedness error the XML parser already reported).
 * @example unescapeXml('&lt;QBXML&gt;&#13;&#x41;') // '<QBXML>\rA'
 */
export function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  if (!text.includes('&#')) {
    // Fast path for large qbXML payloads: plain string replacement, `&amp;` last.
    return text
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&apos;', "'")
      .replaceAll('&amp;', '&');
  }
  return text.replace(/&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g, (m, e: string) => {
    const named = NAMED[e];
    if (named !== undefined) return named;
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}
