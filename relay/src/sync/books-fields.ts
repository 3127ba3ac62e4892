/**
 * @module
 * The books' own definitions of the custom fields a company added (read from the company: what
 * each is named, what it holds, how many characters it takes, which record types it is for), and
 * the one check of a field mapping against them. The check is pure and runs on both sides of a
 * mapping's path: where the CRM's mappings are reported (each one that does not fit is said in
 * words on the connection), and where the books' writes go out (its values are not sent, so no
 * record fails one by one). The facts of a mapping the check needs travel with its values
 * ({@link MappingFacts}), so the books' side needs nothing of the CRM's.
 */
import type { FieldMapping } from './custom-fields.ts';

/** What a field holds, or what a mapping writes: text, a number, a date. */
export type FieldHolds = 'text' | 'number' | 'date';

/** One custom field as the company defines it. */
export interface BooksFieldDefinition {
  /** Its name in the books, as the books spell it. */
  readonly name: string;
  /** The books' own name of its type (`STR255TYPE`), for words. */
  readonly type: string;
  readonly holds: FieldHolds;
  /** The most characters it takes, for text. */
  readonly maxLength?: number;
  /** The canonical record types it is assigned to (`customer`). */
  readonly recordTypes: readonly string[];
}

/** What the check needs of a mapping, carried with its values. */
export interface MappingFacts {
  /** The mapping's name (a developer name), for words. */
  readonly mapping: string;
  /** What its transform writes. */
  readonly holds: FieldHolds;
  /** The most characters it writes, when known. */
  readonly longest?: number;
  /** A truncate: cut to what the field takes. */
  readonly cut?: true;
}

const WRITES: Readonly<Record<FieldMapping['transform']['kind'], FieldHolds>> = {
  copy: 'text',
  value_map: 'text',
  truncate: 'text',
  default: 'text',
  date: 'date',
  number: 'number',
};

const length = (s: string) => [...s].length;

/**
 * The facts of a mapping towards the books: what it writes, and at most how long.
 * @example factsOf(regionMapping) // { mapping: 'Account_Region', holds: 'text', longest: 1 }
 */
export function factsOf(m: FieldMapping): MappingFacts {
  const t = m.transform;
  const crm = m.length?.crm;
  const base = { mapping: m.name, holds: WRITES[t.kind] };
  switch (t.kind) {
    case 'copy':
      return crm === undefined ? base : { ...base, longest: crm };
    case 'default':
      return crm === undefined ? base : { ...base, longest: Math.max(crm, length(t.fallback ?? '')) };
    case 'value_map':
      return { ...base, longest: Math.max(0, ...(t.pairs ?? []).map(([, books]) => length(books))) };
    case 'truncate':
      return { ...base, cut: true };
    case 'date':
      return { ...base, longest: length(t.format ?? 'yyyy-MM-dd') };
    case 'number':
      return base;
  }
}

const HOLDS_WORDS: Readonly<Record<FieldHolds, string>> = { text: 'text', number: 'numbers', date: 'dates' };

/** A field fits what a mapping writes when it holds the same; a formatted date or number is text too. */
const fits = (field: FieldHolds, writes: FieldHolds) => field === writes || field === 'text';

/** The definition of `name`: the one spelled so, else the one spelled so but for case (reported). */
const definitionOf = (defs: readonly BooksFieldDefinition[], name: string) =>
  defs.find((d) => d.name === name) ?? defs.find((d) => d.name.toLowerCase() === name.toLowerCase());

/**
 * Why a mapping cannot write `field` of a `recordType` record, in words; undefined when it can.
 * Names match as the books spell them: one that differs only in case is reported, not guessed.
 * @example booksFieldProblem(facts, 'Territory', 'customer', []) // 'the company file has no custom field "Territory"'
 */
export function booksFieldProblem(
  facts: MappingFacts,
  field: string,
  recordType: string,
  defs: readonly BooksFieldDefinition[],
): string | undefined {
  const def = definitionOf(defs, field);
  if (!def) return `the company file has no custom field "${field}"`;
  if (def.name !== field)
    return `the company file names its custom field "${def.name}", not "${field}" (write the name exactly as the company file spells it)`;
  if (!def.recordTypes.includes(recordType)) {
    const of = def.recordTypes.length ? def.recordTypes.map((t) => `${t}s`).join(', ') : 'no record type';
    return `the company file's custom field "${field}" is not for ${recordType}s (it is for ${of})`;
  }
  if (!fits(def.holds, facts.holds))
    return `the company file's custom field "${field}" holds ${HOLDS_WORDS[def.holds]} (${def.type}), and this mapping writes ${HOLDS_WORDS[facts.holds]}`;
  if (def.holds === 'text' && !facts.cut && def.maxLength !== undefined && (facts.longest ?? 0) > def.maxLength)
    return `the company file's custom field "${field}" holds ${def.maxLength} characters, and this mapping writes up to ${facts.longest} (use Truncate, or a shorter field)`;
  return undefined;
}

/**
 * A value as the field takes it: a truncate's value cut to the field's length.
 * @example fitted({ mapping: 'M', holds: 'text', cut: true }, 'abcdef', { …, maxLength: 3 }) // 'abc'
 */
export function fitted(facts: MappingFacts, value: string, def: BooksFieldDefinition): string {
  if (!facts.cut || def.maxLength === undefined || length(value) <= def.maxLength) return value;
  return [...value].slice(0, def.maxLength).join('');
}

/**
 * Each mapping to a custom field the company defines (`defs`) that does not fit it, with why: one
 * that only reads from the books needs its field to exist for the record type; one that writes
 * into the books also needs it to hold what it writes. Standard fields are not the company's own.
 * @example definitionProblems([territory], defs) // [{ mapping: 'Account_Territory', reason: 'the company file has no custom field "Territory"' }]
 */
export function definitionProblems(
  mappings: readonly FieldMapping[],
  defs: readonly BooksFieldDefinition[],
): { readonly mapping: string; readonly reason: string }[] {
  return mappings.flatMap((m) => {
    if (m.standard) return [];
    const def = defs.find((d) => d.name === m.booksField);
    const facts = m.toBooks ? factsOf(m) : { mapping: m.name, holds: def?.holds ?? 'text', cut: true as const };
    const reason = booksFieldProblem(facts, m.booksField, m.recordType, defs);
    return reason ? [{ mapping: m.name, reason }] : [];
  });
}

/** The definition a mapping writes into (after {@link booksFieldProblem} found none). */
export const definitionNamed = (defs: readonly BooksFieldDefinition[], name: string) =>
  defs.find((d) => d.name === name);
