/**
 * @module
 * The bulk operation messages bound to an entity set (bulk-operations.md, webapi/reference/createmultiple.md
 * and updatemultiple.md): `POST <set>/Microsoft.Dynamics.CRM.CreateMultiple` and `…UpdateMultiple`
 * with `{"Targets":[…]}`, every target a create or update body of that table (same columns, binds
 * and errors as one row's) carrying the required `"@odata.type": "Microsoft.Dynamics.CRM.<table>"`.
 * CreateMultiple answers 200 with the new ids in the order of Targets; UpdateMultiple answers 204,
 * each target naming its row by its primary key column or `@odata.id` (id or alternate key) and
 * failing as a PATCH with `If-Match: *` when the row is missing (it never creates). On standard
 * tables the message is all-or-nothing: the first failing target's error is the answer and nothing
 * is written. The pipelines are merged: each row raises its own Create or Update, so webhooks and
 * change tracking see every row.
 */
import { findRow, isGuid, parseReference, type Address } from './address.ts';
import {
  invalidArgument,
  targetsInvalid,
  targetsMissing,
  targetTypeMismatch,
  targetTypeMissing,
  targetWithoutRow,
} from './errors.ts';
import type { Counters } from './limits.ts';
import { createRow, patchRow, type Answer, type RowRequest } from './rows.ts';
import type { Table } from './schema.ts';
import type { Env } from './store.ts';
import type { ContentIdLookup } from './values.ts';

export type BulkMessage = 'CreateMultiple' | 'UpdateMultiple';

/** `<entity set>/Microsoft.Dynamics.CRM.CreateMultiple` or `…UpdateMultiple`. */
export const BULK_PATH = /^([A-Za-z_][A-Za-z0-9_]*)\/Microsoft\.Dynamics\.CRM\.(CreateMultiple|UpdateMultiple)$/;

export interface BulkContext {
  readonly baseUrl: string;
  readonly contentId: ContentIdLookup;
  readonly counters: Counters;
}

type Target = Record<string, unknown>;

const NO_HEADERS = { get: () => undefined };
const IF_MATCH_ANY = { get: (name: string) => (name.toLowerCase() === 'if-match' ? '*' : undefined) };

/** The targets, each an object of table `t` by its `@odata.type` (`#` prefix allowed, as OData allows it). */
function targetsOf(message: BulkMessage, t: Table, targets: unknown): Target[] {
  if (targets === undefined || targets === null) throw targetsMissing(message);
  if (!Array.isArray(targets) || targets.length === 0) throw targetsInvalid(message);
  return targets.map((target: unknown, i) => {
    if (!target || typeof target !== 'object' || Array.isArray(target)) throw targetsInvalid(message);
    const given = (target as Target)['@odata.type'];
    if (given === undefined) throw targetTypeMissing(message, i);
    if (String(given).replace(/^#/, '') !== `Microsoft.Dynamics.CRM.${t.logicalName}`) {
      throw targetTypeMismatch(message, i, String(given), t.logicalName);
    }
    return target as Target;
  });
}

/** The row an UpdateMultiple target names: `@odata.id`, else its primary key column; both must agree. */
function addressOf(env: Env, t: Table, target: Target, i: number): Address {
  const pk = target[t.primaryId];
  if (pk !== undefined && (typeof pk !== 'string' || !isGuid(pk))) {
    throw invalidArgument(`Cannot convert the literal '${String(pk)}' to the expected type 'Uniqueidentifier'.`);
  }
  const ref = target['@odata.id'];
  if (ref === undefined) {
    if (pk === undefined) throw targetWithoutRow(i, t.logicalName, t.primaryId);
    return { table: t, id: pk.toLowerCase() };
  }
  if (typeof ref !== 'string') throw targetWithoutRow(i, t.logicalName, t.primaryId);
  const a = parseReference(env, decodeURIComponent(ref));
  const named = 'id' in a ? a.id : findRow(env, a)?.[t.primaryId];
  if (
    a.table.logicalName !== t.logicalName ||
    (pk !== undefined && named !== undefined && named !== pk.toLowerCase())
  ) {
    throw targetWithoutRow(i, t.logicalName, t.primaryId);
  }
  return a;
}

export function runBulk(env: Env, t: Table, message: BulkMessage, body: unknown, ctx: BulkContext): Answer {
  const carried = body && typeof body === 'object' ? (body as Record<string, unknown>).Targets : undefined;
  ctx.counters.bulkRequests++;
  if (Array.isArray(carried)) ctx.counters.bulkRows += carried.length;
  const targets = targetsOf(message, t, carried);
  const request = (target: Target, headers: RowRequest['headers'], created?: RowRequest['created']): RowRequest => ({
    headers,
    body: target,
    select: undefined,
    expand: [],
    baseUrl: ctx.baseUrl,
    contentId: ctx.contentId,
    ...(created ? { created } : {}),
  });
  if (message === 'CreateMultiple') {
    const ids: string[] = [];
    env.transaction(() => {
      for (const target of targets)
        createRow(
          env,
          t,
          request(target, NO_HEADERS, (ref) => void ids.push(ref.id)),
        );
    });
    return {
      status: 200,
      headers: {},
      body: {
        '@odata.context': `${ctx.baseUrl}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse`,
        Ids: ids,
      },
    };
  }
  env.transaction(() => {
    targets.forEach((target, i) => {
      const columns = { ...target };
      delete columns[t.primaryId];
      patchRow(env, addressOf(env, t, target, i), request(columns, IF_MATCH_ANY));
    });
  });
  return { status: 204, headers: {} };
}
