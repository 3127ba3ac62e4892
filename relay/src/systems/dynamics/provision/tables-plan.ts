/**
 * @module
 * The table half of the plan: for each linked table its missing `lb_*` columns, then its key; the
 * sync log and field mapping tables if they are missing, then their missing columns; change tracking turned on where a
 * watched table has it off. Existing metadata is never recreated; a key Dataverse could not build
 * (its index Failed: existing rows collide) is reported, not retried.
 */
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import { attributeBody, keyBody, tableBody } from './bodies.ts';
import type { EntityDefinition } from './found.ts';
import type { MetadataRequest } from './requests.ts';
import { LINKED_TABLE_SPECS, NEW_TABLES, WATCHED_TABLES, type TableSpec } from './schema.ts';

export interface PlanPart {
  readonly requests: MetadataRequest[];
  readonly found: string[];
  readonly warnings: string[];
}

const definitionPath = (table: string) => `EntityDefinitions(LogicalName='${table}')`;

function columnsAndKeys(
  spec: TableSpec,
  def: EntityDefinition | undefined,
  headers: Readonly<Record<string, string>>,
  part: PlanPart,
): void {
  const have = new Set((def?.Attributes ?? []).map((a) => a.LogicalName.toLowerCase()));
  for (const c of spec.columns) {
    if (have.has(c.name)) part.found.push(`column ${c.name} on ${spec.table}`);
    else
      part.requests.push({
        method: 'POST',
        path: `${definitionPath(spec.table)}/Attributes`,
        body: attributeBody(c),
        headers,
        does: `column ${c.name} on ${spec.table}`,
      });
  }
  for (const k of spec.keys) {
    const existing = (def?.Keys ?? []).find((x) => x.LogicalName.toLowerCase() === k.name);
    if (!existing) {
      part.requests.push({
        method: 'POST',
        path: `${definitionPath(spec.table)}/Keys`,
        body: keyBody(k),
        headers,
        does: `key ${k.name} on ${spec.table}`,
      });
      continue;
    }
    part.found.push(`key ${k.name} on ${spec.table}`);
    const columns = existing.KeyAttributes.map((a) => a.toLowerCase());
    if (columns.join(',') !== k.columns.join(','))
      part.warnings.push(
        `The key ${k.name} on ${spec.table} is over ${columns.join(', ')}, not ${k.columns.join(', ')}: an admin should recreate it.`,
      );
    if (existing.EntityKeyIndexStatus === 'Failed')
      part.warnings.push(
        `The key ${k.name} on ${spec.table} could not be built (rows with the same QuickBooks id already exist): remove the duplicates, then reactivate the key.`,
      );
  }
}

function changeTracking(
  table: string,
  def: EntityDefinition,
  headers: Readonly<Record<string, string>>,
  part: PlanPart,
): void {
  if (def.ChangeTrackingEnabled !== false) return;
  const { Attributes: _a, Keys: _k, '@odata.context': _c, ...definition } = def;
  part.requests.push({
    method: 'PUT',
    path: definitionPath(table),
    body: { ...definition, ChangeTrackingEnabled: true },
    headers: { ...headers, 'MSCRM.MergeLabels': 'true' },
    does: `change tracking on ${table}`,
  });
}

/**
 * @example planTables(found.entities, {}) // ok({ requests: [{ method: 'POST', path: "EntityDefinitions(LogicalName='account')/Attributes", … }], … })
 */
export function planTables(
  entities: readonly EntityDefinition[],
  headers: Readonly<Record<string, string>>,
): Result<PlanPart> {
  const part: PlanPart = { requests: [], found: [], warnings: [] };
  const byName = new Map(entities.map((e) => [e.LogicalName.toLowerCase(), e]));
  for (const spec of LINKED_TABLE_SPECS) {
    const def = byName.get(spec.table);
    if (!def)
      return err(
        relayError(
          'dyn_provision_table_missing',
          `The environment has no ${spec.table} table: is Dynamics 365 Sales installed in it?`,
        ),
      );
    columnsAndKeys(spec, def, headers, part);
    if ((WATCHED_TABLES as readonly string[]).includes(spec.table)) changeTracking(spec.table, def, headers, part);
  }
  for (const spec of NEW_TABLES) {
    const def = byName.get(spec.table);
    if (def) {
      part.found.push(`table ${spec.table}`);
      changeTracking(spec.table, def, headers, part);
    } else
      part.requests.push({
        method: 'POST',
        path: 'EntityDefinitions',
        body: tableBody(spec),
        headers,
        does: `table ${spec.table}`,
      });
    columnsAndKeys(spec, def, headers, part);
  }
  return ok(part);
}
