/**
 * @module
 * The simulator's own XML reading and writing, shared with nothing in the relay (a relay parser or
 * escaper bug must not be cancelled by the same bug here). Requests are parsed with `@xmldom/xmldom`
 * in strict mode: any fatal error, error or warning the parser reports, and what it silently
 * accepts but XML 1.0 forbids (a bare `&`, control characters, a DOCTYPE), make the document
 * malformed — QuickBooks fails the whole message set with 0x80040400 for it. Output is escaped as
 * QuickBooks writes it: `&amp; &lt; &gt; &apos; &quot;`.
 */
import { DOMParser, type Document, type Element as DomElement, type Node as DomNode } from '@xmldom/xmldom';

/** An element of a request: name, attributes, child elements in order, and its own text (trimmed). */
export interface El {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly El[];
  readonly text: string;
}

export interface XmlDocument {
  readonly root: El;
  /** Document-level processing instructions by target, pseudo-attributes parsed: `{ qbxml: { version: '13.0' } }`. */
  readonly instructions: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Why a document is not well-formed XML. */
export class MalformedXml extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedXml';
  }
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const PI = 7;
const DOCTYPE = 10;

// XML 1.0 allows only the five predefined entities and character references; xmldom lets a bare `&` through.
const BAD_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;
// Characters XML 1.0 forbids anywhere in a document (xmldom keeps them).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function toEl(node: DomElement): El {
  const attrs: Record<string, string> = {};
  for (let i = 0; i < node.attributes.length; i++) {
    const a = node.attributes.item(i);
    if (a) attrs[a.name] = a.value;
  }
  const children: El[] = [];
  let text = '';
  for (let c: DomNode | null = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT) children.push(toEl(c as DomElement));
    else if (c.nodeType === TEXT || c.nodeType === CDATA) text += (c as DomNode & { data: string }).data;
  }
  return { name: node.nodeName, attrs, children, text: text.trim() };
}

function pseudoAttrs(data: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of data.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]!] = m[2] ?? m[3] ?? '';
  return out;
}

/**
 * Parses a document strictly into xmldom's DOM (for readers that need namespaces); throws
 * {@link MalformedXml} with the parser's words.
 */
export function parseDom(xml: string): Document {
  const bad = BAD_AMPERSAND.exec(xml);
  if (bad) throw new MalformedXml(`An "&" at position ${bad.index} starts no entity or character reference.`);
  const ctl = FORBIDDEN_CHAR.exec(xml);
  if (ctl)
    throw new MalformedXml(`Character U+${ctl[0].charCodeAt(0).toString(16).padStart(4, '0')} is not allowed in XML.`);
  const problems: string[] = [];
  let doc: Document;
  try {
    doc = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(
      xml,
      'text/xml',
    );
  } catch (e) {
    throw new MalformedXml(problems[0] ?? (e as Error).message);
  }
  if (problems.length > 0) throw new MalformedXml(problems[0]!);
  for (let n: DomNode | null = doc.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === DOCTYPE) throw new MalformedXml('A DOCTYPE is not accepted.');
  }
  return doc;
}

/**
 * Parses a whole document strictly; throws {@link MalformedXml} with the parser's words.
 * @example const { root, instructions } = parseXml('<?qbxml version="13.0"?><QBXML/>');
 */
export function parseXml(xml: string): XmlDocument {
  const doc = parseDom(xml);
  const instructions: Record<string, Record<string, string>> = {};
  let root: El | undefined;
  for (let n: DomNode | null = doc.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === PI) {
      const pi = n as DomNode & { target: string; data: string };
      instructions[pi.target] = pseudoAttrs(pi.data);
    }
    if (n.nodeType === ELEMENT) root = toEl(n as DomElement);
  }
  if (root === undefined) throw new MalformedXml('The document has no root element.');
  return { root, instructions };
}

/** First child named `name`. */
export function child(el: El | undefined, name: string): El | undefined {
  return el?.children.find((c) => c.name === name);
}

/** All children named `name`, in order. */
export function childrenNamed(el: El | undefined, name: string): El[] {
  return el === undefined ? [] : el.children.filter((c) => c.name === name);
}

/** Text of the first child named `name`; undefined when absent. */
export function textOf(el: El | undefined, name: string): string | undefined {
  return child(el, name)?.text;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  "'": '&apos;',
  '"': '&quot;',
};

/**
 * Text and attribute values as QuickBooks writes them.
 * @example escapeXml(`O'Brien & Sons`) // 'O&apos;Brien &amp; Sons'
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>'"]/g, (c) => ESCAPES[c]!);
}

/**
 * An element written back out, as QuickBooks writes its answers (no attributes: Ret elements carry
 * none). Used to answer IncludeRetElement with the chosen children of a rendered record.
 * @example elementXml(parseXml('<A><B>x &amp; y</B></A>').root) // '<A><B>x &amp; y</B></A>'
 */
export function elementXml(el: El): string {
  const inner = el.children.length > 0 ? el.children.map(elementXml).join('') : escapeXml(el.text);
  return `<${el.name}>${inner}</${el.name}>`;
}
