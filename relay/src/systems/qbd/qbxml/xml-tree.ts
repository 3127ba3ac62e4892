/**
 * @module
 * Safe XML reading for qbXML: refuses DOCTYPE/ENTITY declarations outright (no DTDs, so no entity
 * expansion attacks), checks well-formedness, and returns a small ordered element tree. Only the five
 * predefined entities and numeric character references are decoded, by {@link unescapeXml}, never by
 * the XML library.
 */
import { XMLValidator } from 'fast-xml-parser';
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

interface Open {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: El[];
  text: string;
}

/** Attributes of a tag's inside (`name a="1" b='2'`), values trimmed and decoded. */
function readAttrs(inside: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of inside.matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attrs[m[1]!] = unescapeXml((m[2] ?? m[3] ?? '').trim());
  }
  return attrs;
}

/** Where the tag that opens at `lt` ends (its `>`), skipping `>` inside quoted attribute values. */
function tagEnd(xml: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  return -1;
}

/**
 * Builds the element tree of a document {@link XMLValidator} has already found well-formed, in one
 * pass and without an intermediate representation (a page of 500 invoices is tens of thousands of
 * elements; every object spared counts). Text is trimmed per run and decoded once per element;
 * comments are dropped; CDATA counts as text.
 */
function buildTree(xml: string): { root: El | undefined; instructions: Record<string, Record<string, string>> } {
  const instructions: Record<string, Record<string, string>> = {};
  const stack: Open[] = [];
  let root: El | undefined;
  const close = () => {
    const open = stack.pop()!;
    const el: El = { name: open.name, attrs: open.attrs, children: open.children, text: unescapeXml(open.text) };
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else root ??= el;
  };
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i && stack.length) {
      const text = xml.slice(i, textEnd).trim();
      if (text) stack[stack.length - 1]!.text += text;
    }
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      i = xml.indexOf('-->', lt + 4) + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      const text = xml.slice(lt + 9, end).trim();
      if (text && stack.length) stack[stack.length - 1]!.text += text;
      i = end + 3;
    } else if (xml.charCodeAt(lt + 1) === 63 /* ? */) {
      const end = xml.indexOf('?>', lt + 2);
      const inside = xml.slice(lt + 2, end);
      const name = /^[^\s?]+/.exec(inside)?.[0] ?? '';
      instructions[name] = readAttrs(inside.slice(name.length));
      i = end + 2;
    } else if (xml.charCodeAt(lt + 1) === 33 /* ! */) {
      i = xml.indexOf('>', lt) + 1; // a declaration (DOCTYPE and ENTITY were refused before)
    } else if (xml.charCodeAt(lt + 1) === 47 /* / */) {
      close();
      i = xml.indexOf('>', lt) + 1;
    } else {
      const end = tagEnd(xml, lt);
      const selfClosing = xml.charCodeAt(end - 1) === 47;
      const inside = xml.slice(lt + 1, selfClosing ? end - 1 : end);
      const name = /^[^\s/>]+/.exec(inside)?.[0] ?? '';
      stack.push({ name, attrs: readAttrs(inside.slice(name.length)), children: [], text: '' });
      if (selfClosing) close();
      i = end + 1;
    }
  }
  return { root, instructions };
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
    // The validator gives no column for some errors (an empty document).
    const at =
      valid.err.col === undefined ? `line ${valid.err.line}` : `line ${valid.err.line}, column ${valid.err.col}`;
    return err(relayError('qbxml_malformed', `The XML is not well-formed (${at}): ${valid.err.msg}`));
  }
  const { root, instructions } = buildTree(xml);
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
