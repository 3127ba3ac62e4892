/**
 * @module
 * The org's field mappings: the package's `QuickBooks_Field_Mapping__mdt` records (an admin adds
 * them in Setup → Custom Metadata Types), read with one query and kept for an hour, like the field
 * policy (`field-policy.ts`). Each active record is checked against the org (describe of its
 * object, once per object: the field exists, takes the transform's values, holds every value the
 * value map writes); one that does not fit is ignored, and said in words on the connection's
 * health (`problems`), never by failing records one by one. Applied so far: Account fields mapped
 * to a Desktop customer's data extension, both ways (towards QuickBooks: `mapped-source.ts`),
 * Product2 fields from a Desktop item's data extension and Contact fields (a customer's primary
 * contact) from its customer's (one way: into Salesforce), and
 * Opportunity fields to a Desktop invoice's standard fields (the closed table of
 * `books-standard-fields.ts`, one way: into QuickBooks), and Opportunity fields to an Online
 * invoice's sales-form custom fields (kind `Online Custom Field`, by the definition's name, 31
 * characters, both ways), and a mirror object's own fields from its QuickBooks record's, one way:
 * into Salesforce (`mirror-mappings.ts`). Once a Desktop company's own custom fields were read from it, each
 * mapping to a data extension is also checked against them, for that company's connection
 * ({@link withBooksProblems}): one that does not fit is said on that connection, and its values are
 * not sent there (`systems/qbd/session/write-data-ext.ts`); Online's are checked by name
 * (`books-field-check.ts`). The shipped defaults (`shipped-mappings.ts`, known by developer name)
 * are the relay's own mapping: as shipped they cost nothing (no describe, no words on the
 * connection); those an admin changed become the plan read with the mappings (`shipped`). When the
 * records cannot be read, the last ones read stay in force; before any were read, none (all as
 * shipped).
 */
import { z } from 'zod';
import {
  joinProblemLines,
  problemLine,
  problemLines,
} from '../../../../force-app/main/default/lwc/fieldMappings/problemLines.ts';
import type { Logger } from '../../lib/logger.ts';
import { definitionProblems, type BooksFieldDefinition } from '../../sync/books-fields.ts';
import { crmValuesWritten, parseValueMap, type FieldMapping, type TransformKind } from '../../sync/custom-fields.ts';
import { lengthProblem } from './books-custom-lengths.ts';
import { standardField } from './books-standard-fields.ts';
import type { DescribedField, SalesforceClient } from './client.ts';
import { isMirror, mirrorTarget, type MirrorTarget } from './mirror-mappings.ts';
import {
  AS_SHIPPED,
  SHIPPED_BY_NAME,
  shippedChange,
  shippedPlan,
  type MovedField,
  type ShippedMapping,
  type ShippedPlan,
} from './shipped-mappings.ts';

/** How long the records read stay in force before they are read again. */
const REFRESH_MS = 60 * 60_000;

/** What was read: the mappings that apply, and what was ignored, in words (undefined: no active record). */
export interface MappingsRead {
  readonly mappings: readonly FieldMapping[];
  /** The shipped defaults an admin turned off or moved (`shipped-mappings.ts`). */
  readonly shipped: ShippedPlan;
  readonly problems: string | undefined;
}

const TRANSFORM: Readonly<Record<string, TransformKind>> = {
  Copy: 'copy',
  'Value Map': 'value_map',
  Truncate: 'truncate',
  'Default When Empty': 'default',
  'Date Format': 'date',
  'Number Format': 'number',
};

/** The Salesforce field types each transform writes into. */
const TEXT = ['string', 'textarea', 'picklist', 'email', 'phone', 'url'];
const FITS: Readonly<Record<TransformKind, readonly string[]>> = {
  copy: TEXT,
  value_map: ['string', 'textarea', 'picklist'],
  truncate: ['string', 'textarea'],
  default: TEXT,
  date: ['date', 'string'],
  number: ['double', 'currency', 'percent', 'string'],
};

/** The canonical record an applied pair of objects is (Salesforce object, QuickBooks object, kind). */
const APPLIED: Readonly<Record<string, string>> = {
  'Account|Customer|Data Extension': 'customer',
  'Product2|Item|Data Extension': 'item',
  'Contact|Customer|Data Extension': 'customer',
  'Opportunity|Invoice|Standard': 'invoice',
  'Opportunity|Invoice|Online Custom Field': 'invoice',
};

/** Why a Product2 or Contact mapping towards QuickBooks moves nothing there (yet). */
const oneWay = (object: string, books: string) =>
  `${object} to a Desktop ${books.toLowerCase()}'s data extension is not applied yet (QuickBooks to Salesforce is)`;

/** What each kind of QuickBooks field holds, in characters: a STR255TYPE data extension (qbXML DataExtValue), an Online StringType custom field. */
const ONLINE_CUSTOM_LENGTH = 31;
const BOOKS_LENGTH: Readonly<Record<string, number>> = {
  'Data Extension': 255,
  'Online Custom Field': ONLINE_CUSTOM_LENGTH,
};

const rowSchema = z.object({
  DeveloperName: z.string(),
  Salesforce_Object__c: z.string(),
  Salesforce_Field__c: z.string(),
  QuickBooks_Object__c: z.string(),
  QuickBooks_Field__c: z.string(),
  QuickBooks_Field_Kind__c: z.string(),
  Direction__c: z.string(),
  Transform__c: z.string(),
  Value_Map__c: z.string().nullable(),
  Default_Value__c: z.string().nullable(),
  Format__c: z.string().nullable(),
  Active__c: z.boolean(),
});
type Row = z.infer<typeof rowSchema>;

const SOQL_FIELDS = Object.keys(rowSchema.shape);

/** Why a record cannot apply to the field described, or its mapping (`mirror`: onto a mirror object, `mirror-mappings.ts`). */
function check(
  r: Row,
  recordType: string,
  field: DescribedField | undefined,
  mirror?: MirrorTarget,
): FieldMapping | string {
  const name = `${r.Salesforce_Object__c}.${r.Salesforce_Field__c}`;
  if (!field) return problemLine(r.DeveloperName, `${name} does not exist in this org`);
  const kind = TRANSFORM[r.Transform__c];
  if (!kind) return problemLine(r.DeveloperName, `transform "${r.Transform__c}" is not one the relay knows`);
  if (!FITS[kind].includes(field.type)) {
    return problemLine(r.DeveloperName, `${name} is a ${field.type} field, which ${r.Transform__c} cannot write`);
  }
  const standard = mirror
    ? mirror.standardLength === undefined
      ? undefined
      : { length: mirror.standardLength }
    : r.QuickBooks_Field_Kind__c === 'Standard'
      ? standardField(recordType, r.QuickBooks_Field__c, r.Direction__c)
      : undefined;
  if (standard && 'problem' in standard) return problemLine(r.DeveloperName, standard.problem);
  const toCrm = r.Direction__c !== 'Salesforce to QuickBooks';
  if (toCrm && !field.updateable) return problemLine(r.DeveloperName, `the relay cannot write ${name}`);
  const pairs = kind === 'value_map' ? parseValueMap(r.Value_Map__c ?? '') : [];
  if (!pairs)
    return problemLine(
      r.DeveloperName,
      `the value map "${r.Value_Map__c}" is not Salesforce value=QuickBooks value pairs`,
    );
  const fallback = r.Default_Value__c ?? undefined;
  const toBooks = r.Direction__c !== 'QuickBooks to Salesforce';
  const limited = r.QuickBooks_Field_Kind__c === 'Online Custom Field';
  const tooLong =
    limited &&
    lengthProblem(
      { name, kind, transformWords: r.Transform__c, toBooks, toCrm, field, booksValues: pairs.map(([, b]) => b) },
      ONLINE_CUSTOM_LENGTH,
      'a QuickBooks Online custom field',
    );
  if (tooLong) return problemLine(r.DeveloperName, tooLong);
  if (toCrm && field.type === 'picklist') {
    const values = new Set(field.picklistValues.filter((v) => v.active).map((v) => v.value));
    const written = crmValuesWritten({ kind, pairs, ...(fallback === undefined ? {} : { fallback }) });
    const missing = written.filter((v) => !values.has(v));
    if (missing.length)
      return problemLine(r.DeveloperName, `${name} has no picklist value ${missing.map((v) => `"${v}"`).join(', ')}`);
  }
  return {
    name: r.DeveloperName,
    recordType,
    booksField: r.QuickBooks_Field__c,
    ...(standard ? { standard: true as const } : {}),
    crmField: field.name,
    ...(mirror ? { crmObject: mirror.crmObject } : {}),
    ...(mirror && limited ? { onlyListed: true as const } : {}),
    toCrm,
    toBooks,
    transform: {
      kind,
      ...(pairs.length ? { pairs } : {}),
      ...(fallback === undefined ? {} : { fallback }),
      ...(r.Format__c ? { format: r.Format__c } : {}),
    },
    length: {
      ...(field.length > 0 ? { crm: field.length } : {}),
      books: standard?.length ?? BOOKS_LENGTH[r.QuickBooks_Field_Kind__c] ?? 255,
    },
  };
}

/**
 * What a connection shows of the mappings: what was ignored in the org, then each mapping to a data
 * extension that does not fit the company's definitions (`defs`, undefined before they were read;
 * the check: `definitionProblems` in `sync/books-fields.ts`).
 * @example withBooksProblems(mappings.last(), report.customFields) // 'Account_Territory: the company file has no custom field "Territory"'
 */
export function withBooksProblems(
  read: MappingsRead | undefined,
  defs: readonly BooksFieldDefinition[] | undefined,
): string | undefined {
  if (!read || !defs) return read?.problems;
  const lines = definitionProblems(read.mappings, defs).map((p) => problemLine(p.mapping, p.reason));
  return lines.length ? joinProblemLines([...problemLines(read.problems), ...lines]) : read.problems;
}

/** @example const mappings = createFieldMappingReader({ sf, log, now }); await mappings.read(); */
export function createFieldMappingReader(d: {
  readonly sf: Pick<SalesforceClient, 'query' | 'describe' | 'namer'>;
  readonly log: Logger;
  readonly now: () => number;
}) {
  let current: (MappingsRead & { at: number }) | undefined;
  let reading: Promise<MappingsRead> | undefined;
  const n = d.sf.namer;

  async function load(): Promise<MappingsRead> {
    const soql = `SELECT ${SOQL_FIELDS.map((f) => n(f)).join(', ')} FROM ${n('QuickBooks_Field_Mapping__mdt')} ORDER BY DeveloperName`;
    const found = await d.sf.query<Record<string, unknown>>(soql);
    if (!found.ok) {
      d.log.warn('the field mappings cannot be read: the last ones read stay in force', { code: found.error.code });
      current = {
        mappings: current?.mappings ?? [],
        shipped: current?.shipped ?? AS_SHIPPED,
        problems: current?.problems,
        at: d.now(),
      };
      return current;
    }
    const problems: string[] = [];
    const rows: Row[] = [];
    for (const raw of found.value) {
      const parsed = rowSchema.safeParse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [n.local(k), v])));
      if (!parsed.success)
        problems.push(`a mapping the relay cannot read (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      else if (parsed.data.Active__c || SHIPPED_BY_NAME.has(parsed.data.DeveloperName)) rows.push(parsed.data);
    }
    const described = new Map<string, Map<string, DescribedField> | undefined>();
    const describe = async (object: string) => {
      if (!described.has(object)) {
        const got = await d.sf.describe(object);
        described.set(object, got.ok ? new Map(got.value.fields.map((f) => [f.name, f])) : undefined);
      }
      return described.get(object);
    };
    // The shipped defaults: one as shipped costs nothing; one an admin changed is checked (`shipped-mappings.ts`).
    const changed: [ShippedMapping, MovedField | null][] = [];
    let considered = 0;
    const mappings: FieldMapping[] = [];
    for (const r of rows) {
      const m = SHIPPED_BY_NAME.get(r.DeveloperName);
      if (m) {
        const fields = r.Active__c && r.Salesforce_Field__c !== m.field ? await describe(m.object) : undefined;
        const change = shippedChange(m, r, fields && ((f) => fields.get(f)));
        if (change === 'shipped') continue;
        considered += 1;
        if (change === null || !('problem' in change)) changed.push([m, change]);
        else problems.push(problemLine(m.name, change.problem));
        continue;
      }
      considered += 1;
      const mirror = isMirror(r.Salesforce_Object__c) ? mirrorTarget(r) : undefined;
      if (mirror && 'problem' in mirror) {
        problems.push(problemLine(r.DeveloperName, mirror.problem));
        continue;
      }
      const recordType =
        mirror?.recordType ??
        APPLIED[`${r.Salesforce_Object__c}|${r.QuickBooks_Object__c}|${r.QuickBooks_Field_Kind__c}`];
      if (!recordType) {
        problems.push(
          problemLine(
            r.DeveloperName,
            `${r.Salesforce_Object__c} to a QuickBooks ${r.QuickBooks_Object__c} ${r.QuickBooks_Field_Kind__c.toLowerCase()} is not applied yet (Account to a Desktop customer's data extension is, Product2 and Contact from a Desktop item's or customer's data extension, Opportunity to a Desktop invoice's standard field, Opportunity to an Online invoice's custom field, and an invoice's fields onto QuickBooks_Invoice__c)`,
          ),
        );
        continue;
      }
      const fields = await describe(mirror ? n(r.Salesforce_Object__c) : r.Salesforce_Object__c);
      if (!fields) {
        problems.push(
          problemLine(r.DeveloperName, `${r.Salesforce_Object__c} could not be described; tried again within the hour`),
        );
        continue;
      }
      const field = fields.get(r.Salesforce_Field__c) ?? fields.get(n(r.Salesforce_Field__c));
      const checked = check(r, recordType, field, mirror);
      if (typeof checked === 'string') problems.push(checked);
      else {
        const contact = r.Salesforce_Object__c === 'Contact';
        const applied = contact ? { ...checked, crmObject: 'Contact' } : checked;
        // Only the QuickBooks to Salesforce half moves an item's or a contact's value so far.
        if ((recordType === 'item' || contact) && checked.toBooks) {
          problems.push(problemLine(r.DeveloperName, oneWay(r.Salesforce_Object__c, r.QuickBooks_Object__c)));
          if (checked.toCrm) mappings.push({ ...applied, toBooks: false });
        } else mappings.push(applied);
      }
    }
    // Once a mapping was active (or a shipped one changed), an empty text clears what the connection showed.
    const words =
      considered || problems.length || current?.problems !== undefined ? joinProblemLines(problems) : undefined;
    if (words) d.log.warn('field mappings not applied', { mappings: words });
    current = { mappings, shipped: shippedPlan(changed), problems: words, at: d.now() };
    return current;
  }

  return {
    /** The mappings in force (read again once an hour). */
    read(): Promise<MappingsRead> {
      if (current && d.now() - current.at < REFRESH_MS) return Promise.resolve(current);
      reading ??= load().finally(() => (reading = undefined));
      return reading;
    },
    /** What was read last, without reading; undefined before the first read. */
    last: (): MappingsRead | undefined => current,
  };
}

export type FieldMappingReader = ReturnType<typeof createFieldMappingReader>;
