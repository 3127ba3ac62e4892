/**
 * @module
 * Intuit's Accounting API v3 schema (the XSDs copied to `spec/`), read once per process into what the
 * simulator needs to refuse a body QuickBooks would refuse: the fields (elements and attributes) of
 * every complex type with their base types folded in, and each simple type's primitive and enumeration.
 * The JSON wire format maps XSD element names to PascalCase keys and attributes to lower-case keys
 * (`domain`, `sparse`, `status`); a simple-content type (`ReferenceType`) carries its text as `value`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

const SPEC_DIR = path.join(import.meta.dirname, 'spec');
/** Finance.xsd includes the other two; the REST envelope file adds nothing an entity body uses. */
const FILES = ['IntuitBaseTypes.xsd', 'IntuitNamesTypes.xsd', 'Finance.xsd'];

export type Primitive = 'string' | 'decimal' | 'int' | 'boolean' | 'date' | 'dateTime' | 'any';

export interface FieldDef {
  readonly name: string;
  /** A complex type's name, or undefined for a simple value. */
  readonly complex: string | undefined;
  readonly primitive: Primitive;
  readonly enumeration: readonly string[] | undefined;
  readonly many: boolean;
}

export interface ComplexDef {
  readonly name: string;
  readonly fields: ReadonlyMap<string, FieldDef>;
  /** Simple content (text) carried as `value` in JSON. */
  readonly simpleContent: boolean;
  /** Has an `xs:any` (e.g. `IntuitAnyType`): any key is accepted. */
  readonly open: boolean;
}

export interface QboSchema {
  complex(name: string): ComplexDef | undefined;
  /** Every name-list or transaction type an entity path can carry, e.g. `Customer`. */
  has(name: string): boolean;
}

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const local = (t: string) => t.replace(/^.*:/, '');

const PRIMITIVES: Record<string, Primitive> = {
  string: 'string',
  decimal: 'decimal',
  int: 'int',
  integer: 'int',
  long: 'int',
  positiveInteger: 'int',
  nonNegativeInteger: 'int',
  boolean: 'boolean',
  date: 'date',
  dateTime: 'dateTime',
  time: 'string',
  anyURI: 'string',
  base64Binary: 'string',
  duration: 'string',
};

let cached: QboSchema | undefined;

/** The schema, parsed on first use (about a third of a second) and shared by every simulator. */
export function loadQboSchema(): QboSchema {
  if (cached) return cached;
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  });
  const complexNodes = new Map<string, Node>();
  const simpleNodes = new Map<string, Node>();
  const groups = new Map<string, Node>();
  for (const file of FILES) {
    const doc = parser.parse(fs.readFileSync(path.join(SPEC_DIR, file), 'utf8')) as Node;
    const root = list(doc.schema)[0] ?? {};
    for (const c of list(root.complexType)) complexNodes.set(String(c.name), c);
    for (const s of list(root.simpleType)) simpleNodes.set(String(s.name), s);
    for (const g of list(root.group)) groups.set(String(g.name), g);
  }

  const simple = (type: string): { primitive: Primitive; enumeration: string[] | undefined } => {
    const name = local(type);
    if (type.startsWith('xs:')) return { primitive: PRIMITIVES[name] ?? 'string', enumeration: undefined };
    const node = simpleNodes.get(name);
    const restriction = list(node?.restriction)[0];
    if (!restriction) return { primitive: 'string', enumeration: undefined };
    const base = simple(str(restriction.base) ?? 'xs:string');
    const values = list(restriction.enumeration).map((e) => String(e.value));
    return { primitive: base.primitive, enumeration: values.length ? values : base.enumeration };
  };

  const built = new Map<string, ComplexDef>();
  const build = (name: string, node: Node): ComplexDef => {
    const fields = new Map<string, FieldDef>();
    let simpleContent = false;
    let open = false;
    const addElement = (el: Node, many: boolean) => {
      const elName = str(el.name) ?? str(el.ref);
      if (!elName) return;
      const type = str(el.type);
      const isMany = many || (el.maxOccurs !== undefined && el.maxOccurs !== '1');
      if (!type) {
        const inline = list(el.complexType)[0];
        const anon = `${name}.${elName}`;
        if (inline) built.set(anon, build(anon, inline));
        fields.set(elName, {
          name: elName,
          complex: inline ? anon : undefined,
          primitive: 'any',
          enumeration: undefined,
          many: isMany,
        });
        return;
      }
      const isComplex = complexNodes.has(local(type)) && !type.startsWith('xs:');
      const s = isComplex ? undefined : simple(type);
      fields.set(elName, {
        name: elName,
        complex: isComplex ? local(type) : undefined,
        primitive: s?.primitive ?? 'any',
        enumeration: s?.enumeration,
        many: isMany,
      });
    };
    const walk = (n: Node, many: boolean) => {
      if (list(n.any).length) open = true;
      for (const el of list(n.element)) addElement(el, many);
      for (const key of ['sequence', 'choice', 'all'] as const) {
        for (const child of list(n[key]))
          walk(child, many || (child.maxOccurs !== undefined && child.maxOccurs !== '1'));
      }
      for (const g of list(n.group)) {
        const def = groups.get(local(String(g.ref)));
        if (def) walk(def, many);
      }
      for (const a of list(n.attribute)) {
        const aName = str(a.name);
        if (!aName) continue;
        const s = simple(str(a.type) ?? 'xs:string');
        fields.set(aName, { name: aName, complex: undefined, ...s, many: false });
      }
    };
    for (const content of [...list(node.complexContent), ...list(node.simpleContent)]) {
      if (list(node.simpleContent).includes(content)) simpleContent = true;
      for (const ext of [...list(content.extension), ...list(content.restriction)]) {
        const base = str(ext.base);
        if (base && complexNodes.has(local(base))) {
          const parent = complex(local(base));
          for (const [k, v] of parent?.fields ?? []) fields.set(k, v);
          simpleContent ||= parent?.simpleContent ?? false;
          open ||= parent?.open ?? false;
        }
        walk(ext, false);
      }
    }
    walk(node, false);
    return { name, fields, simpleContent, open };
  };
  const complex = (name: string): ComplexDef | undefined => {
    const done = built.get(name);
    if (done) return done;
    const node = complexNodes.get(name);
    if (!node) return undefined;
    const def = build(name, node);
    built.set(name, def);
    return def;
  };
  cached = { complex, has: (name) => complexNodes.has(name) };
  return cached;
}
