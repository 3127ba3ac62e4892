/**
 * @module
 * The environment's field mappings: the active rows of `lb_fieldmapping` (an admin adds them in
 * the Power Apps maker portal or any view of the table), read at start and then at most hourly,
 * like the Salesforce org's. Each is checked against the metadata of its table (the columns once
 * a read, the choices' labels by a cast: `check.ts`) and against the custom fields each Desktop
 * company defines, as last read from it (`definitionProblems`, `sync/books-fields.ts`). One that
 * does not fit is ignored and said in words on the row itself (`lb_problem`, written only when its
 * words change, cleared once it applies), never by failing records one by one; the connection's
 * other state stays in the relay (`reporter.ts`). When the rows cannot be read, the last ones read
 * stay in force; before any were read, none.
 */
import type { Logger } from '../../../lib/logger.ts';
import { customFieldDefinitionsRepo } from '../../../store/custom-field-definitions.ts';
import type { Db } from '../../../store/db.ts';
import { topologyRepo } from '../../../store/topology.ts';
import { definitionProblems } from '../../../sync/books-fields.ts';
import { asObject, parseExactJson } from '../api/json.ts';
import type { DataverseClient, DataverseJson } from '../api/types.ts';
import { FIELD_MAPPING } from '../provision/schema.ts';
import { checkRow, MAPPING_COLUMNS, MappingRow, rowName, type ColumnFacts, type DynamicsMapping } from './check.ts';

/** How long the rows read stay in force before they are read again. */
const REFRESH_MS = 60 * 60_000;
const MAPPING_SET = `${FIELD_MAPPING.table}s`;
const OPTIONS_CAST = 'Microsoft.Dynamics.CRM.PicklistAttributeMetadata';

export interface DynamicsMappingsRead {
  readonly mappings: readonly DynamicsMapping[];
  /** Each row ignored, `<name>: <why>` (empty: every active row applies). */
  readonly problems: readonly string[];
}

const labelOf = (v: unknown) =>
  (asObject(asObject(v)?.UserLocalizedLabel)?.Label as string | undefined) ??
  ((asObject(v)?.LocalizedLabels as DataverseJson[] | undefined)?.[0]?.Label as string | undefined);

/** `value` of a metadata answer, or undefined. */
function valuesOf(text: string): DataverseJson[] | undefined {
  const v = asObject(parseExactJson(text))?.value;
  return Array.isArray(v) ? v.map((x) => asObject(x) ?? {}) : undefined;
}

/** @example const mappings = createDynamicsMappingReader({ client, db, log, now }); await mappings.read(); */
export function createDynamicsMappingReader(d: {
  readonly client: Pick<DataverseClient, 'select' | 'request' | 'update'>;
  readonly db: Db;
  readonly log: Logger;
  readonly now: () => number;
}) {
  let current: (DynamicsMappingsRead & { at: number }) | undefined;
  let reading: Promise<DynamicsMappingsRead> | undefined;

  /** A table's columns, by logical name, with its choices' options; undefined when it cannot be read. */
  async function columnsOf(table: string): Promise<Map<string, ColumnFacts> | undefined> {
    const base = `EntityDefinitions(LogicalName='${table.replace(/'/g, "''")}')/Attributes`;
    const all = await d.client.request({
      method: 'GET',
      path: `${base}?$select=LogicalName,AttributeType,MaxLength,IsValidForUpdate`,
    });
    const choices = await d.client.request({
      method: 'GET',
      path: `${base}/${OPTIONS_CAST}?$select=LogicalName&$expand=OptionSet($select=Options)`,
    });
    const columns = all.ok ? valuesOf(all.value.text) : undefined;
    const picklists = choices.ok ? valuesOf(choices.value.text) : undefined;
    if (!columns || !picklists) return undefined;
    const options = new Map(
      picklists.map((c) => [
        String(c.LogicalName),
        new Map(
          ((asObject(c.OptionSet)?.Options as DataverseJson[] | undefined) ?? []).flatMap((o) => {
            const label = labelOf(o.Label);
            return typeof o.Value === 'number' && label !== undefined ? [[label, o.Value] as const] : [];
          }),
        ),
      ]),
    );
    return new Map(
      columns.map((c) => {
        const name = String(c.LogicalName);
        const facts: ColumnFacts = {
          name,
          type: String(c.AttributeType),
          ...(typeof c.MaxLength === 'number' ? { maxLength: c.MaxLength } : {}),
          updatable: c.IsValidForUpdate !== false,
          ...(options.has(name) ? { options: options.get(name)! } : {}),
        };
        return [name, facts];
      }),
    );
  }

  /** Per mapping, why it does not fit a Desktop company's custom fields (each company that was read). */
  async function booksProblems(mappings: readonly DynamicsMapping[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!mappings.length) return out;
    const defs = customFieldDefinitionsRepo(d.db, d.now);
    for (const c of await topologyRepo(d.db, d.now).connections('qbd')) {
      const of = await defs.of(c.id);
      for (const p of of ? definitionProblems(mappings, of) : []) if (!out.has(p.mapping)) out.set(p.mapping, p.reason);
    }
    return out;
  }

  /** The row's `lb_problem` written when its words changed. */
  async function note(row: MappingRow, problem: string | null) {
    if ((row.lb_problem ?? null) === problem) return;
    const written = await d.client.update(MAPPING_SET, row.lb_fieldmappingid, { lb_problem: problem });
    if (!written.ok)
      d.log.warn('a field mapping’s problem cannot be written on its row', {
        mapping: rowName(row),
        code: written.error.code,
      });
  }

  async function load(): Promise<DynamicsMappingsRead> {
    const rows: MappingRow[] = [];
    let failed: string | undefined;
    for await (const page of d.client.select(MAPPING_SET, { select: MAPPING_COLUMNS, filter: 'statecode eq 0' })) {
      if (!page.ok) {
        failed = page.error.code;
        break;
      }
      for (const raw of page.value) {
        const parsed = MappingRow.safeParse(raw);
        if (parsed.success) rows.push(parsed.data);
      }
    }
    if (failed !== undefined) {
      d.log.warn('the field mappings cannot be read: the last ones read stay in force', { code: failed });
      current = { mappings: current?.mappings ?? [], problems: current?.problems ?? [], at: d.now() };
      return current;
    }
    const tables = new Map<string, Map<string, ColumnFacts> | undefined>();
    const checked: [MappingRow, DynamicsMapping | string][] = [];
    for (const r of rows) {
      if (r.lb_active !== true) {
        await note(r, null);
        continue;
      }
      const table = (r.lb_crmtable ?? '').trim().toLowerCase();
      if (table && !tables.has(table)) tables.set(table, await columnsOf(table));
      checked.push([r, checkRow(r, tables.get(table))]);
    }
    const fine = checked.flatMap(([, c]) => (typeof c === 'string' ? [] : [c]));
    const books = await booksProblems(fine);
    const mappings: DynamicsMapping[] = [];
    const problems: string[] = [];
    for (const [r, c] of checked) {
      const problem = typeof c === 'string' ? c : books.get(c.name);
      if (problem === undefined && typeof c !== 'string') mappings.push(c);
      else problems.push(`${rowName(r)}: ${problem}`);
      await note(r, problem ?? null);
    }
    if (problems.length) d.log.warn('field mappings not applied', { mappings: problems.join('\n') });
    current = { mappings, problems, at: d.now() };
    return current;
  }

  return {
    /** The mappings in force (read again once an hour). */
    read(): Promise<DynamicsMappingsRead> {
      if (current && d.now() - current.at < REFRESH_MS) return Promise.resolve(current);
      reading ??= load().finally(() => (reading = undefined));
      return reading;
    },
    /** What was read last, without reading; undefined before the first read. */
    last: (): DynamicsMappingsRead | undefined => current,
  };
}

export type DynamicsMappingReader = ReturnType<typeof createDynamicsMappingReader>;
