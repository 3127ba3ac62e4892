/**
 * @module
 * Safe XML reading for qbXML: refuses DOCTYPE/ENTITY declarations outright (no DTDs, so no entity
 * expansion attacks), checks well-formedness, and returns a small ordered element tree. Only the five
 * predefined entities and numeric character references are decoded, by {@link unescapeXml}, never by
 * the XML library.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import { unescapeXml } from './charset.ts';

/** An element: name, attributes (decoded), child elements in document order, and its own text. */
export interface El {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly El[];
  readonly text: string;
}

/** Processing instructions at document level, e.g. `{ qbxml: { version: '13.0' } }`. */
export interface XmlDoc {
  readonly root: El;
  readonly instructions: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
  ignoreDeclaration: false,
  ignorePiTags: false,
  commentPropName: false,
});

type Raw = Record<string, unknown>;

function toEl(name: string, raw: Raw): El {
  const body = raw[name];
  const rawAttrs = raw[':@'] as Record<string, string> | undefined;
  const attrs: Record<string, string> = {};
  if (rawAttrs) for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = unescapeXml(String(v));
  const children: El[] = [];
  let text = '';
  if (Array.isArray(body)) {
    for (const item of body as Raw[]) {
      const key = Object.keys(item).find((k) => k !== ':@');
      if (key === undefined) continue;
      if (key === '#text') text += String(item[key]);
      else if (!key.startsWith('?') && !key.startsWith('!')) children.push(toEl(key, item));
    }
  }
  return { name, attrs, children, text: unescapeXml(text) };
}

/** Largest document accepted (characters). A 500-record page is about 1 MB. */
export const MAX_XML_CHARS = 64 * 1024 * 1024;

/**
 * Parses `xml` into an {@link XmlDoc}. Errors: `qbxml_doctype_forbidden`, `qbxml_too_large`,
 * `qbxml_malformed`.
 * @example
 * const doc = readXml('<?qbxml version="13.0"?><QBXML/>');
 * if (doc.ok) doc.value.root.name; // 'QBXML'
 */
export function readXml(xml: string, { maxChars = MAX_XML_CHARS }: { maxChars?: number } = {}): Result<XmlDoc> {
  if (xml.length > maxChars) {
    return err(
      relayError('qbxml_too_large', `The QuickBooks response is ${xml.length} characters; the limit is ${maxChars}.`),
    );
  }
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    return err(
      relayError(
        'qbxml_doctype_forbidden',
        'The XML declares a DOCTYPE or entities. QuickBooks never sends these; the document was refused unread.',
      ),
    );
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return err(
      relayError(
        'qbxml_malformed',
        `The XML is not well-formed (line ${valid.err.line}, column ${valid.err.col}): ${valid.err.msg}`,
      ),
    );
  }
  let parsed: Raw[];
  try {
    parsed = parser.parse(xml) as Raw[];
  } catch (e) {
    return err(relayError('qbxml_malformed', `The XML could not be read: ${(e as Error).message}`, { cause: e }));
  }
  const instructions: Record<string, Record<string, string>> = {};
  let root: El | undefined;
  for (const item of parsed) {
    const key = Object.keys(item).find((k) => k !== ':@');
    if (key === undefined || key === '#text') continue;
    if (key.startsWith('?')) {
      const attrs = (item[':@'] as Record<string, string> | undefined) ?? {};
      instructions[key.slice(1)] = { ...attrs };
    } else if (root === undefined) {
      root = toEl(key, item);
    }
  }
  if (root === undefined) return err(relayError('qbxml_malformed', 'The XML has no root element.'));
  return ok({ root, instructions });
}

/** First child named `name`. */
export function child(el: El | undefined, name: string): El | undefined {
  if (el === undefined) return undefined;
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

/** All children named `name`, in order. */
export function childrenNamed(el: El | undefined, name: string): El[] {
  return el === undefined ? [] : el.children.filter((c) => c.name === name);
}

/** Text of the first child named `name`; undefined when absent. */
export function textOf(el: El | undefined, name: string): string | undefined {
  return child(el, name)?.text;
}
