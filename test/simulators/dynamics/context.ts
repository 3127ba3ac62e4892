/**
 * @module
 * The `RemoteExecutionContext` a webhook step POSTs (use-webhooks.md; the recorded
 * `webhook-contact-update-async.json`): keys in the same order, `Target` with the written columns
 * (Update: only the changed ones), typed values (`EntityReference`, `OptionSetValue`, `Money`,
 * `\/Date(ms)\/`), the step as `OwningExtension`, a Stage 30 `ParentContext`, and for asynchronous
 * steps the `AsynchronousStepPrimaryName` post-image beside the images the step registered. Written
 * as Dataverse's serializer writes it, with `/` escaped.
 */
import crypto from 'node:crypto';
import { RawNumber, stringifyJson } from './json.ts';
import type { Table } from './schema.ts';
import type { ChangeEvent, Env, LookupValue, Row, Value } from './store.ts';

const CONTRACTS = 'http://schemas.microsoft.com/xrm/2011/Contracts';

export interface StepInfo {
  readonly id: string;
  readonly name: string;
  readonly mode: number;
  readonly images: readonly { alias: string; type: number; attributes: readonly string[] }[];
}

const date = (iso: string) => `/Date(${Date.parse(iso)})/`;

function typed(t: Table, name: string, v: Value): unknown {
  if (v === null) return null;
  const c = t.columns.get(name);
  if (c?.type === 'Lookup') {
    const ref = v as LookupValue;
    return {
      __type: `EntityReference:${CONTRACTS}`,
      Id: ref.id,
      KeyAttributes: [],
      LogicalName: ref.table,
      Name: null,
      RowVersion: null,
    };
  }
  if (c?.type === 'Picklist' || c?.type === 'State' || c?.type === 'Status')
    return { __type: `OptionSetValue:${CONTRACTS}`, Value: v };
  if (c?.type === 'Money') return { __type: `Money:${CONTRACTS}`, Value: new RawNumber(String(v)) };
  if (c?.type === 'Decimal') return new RawNumber(String(v));
  if (c?.type === 'DateTime' && typeof v === 'string') return date(v);
  return v;
}

function entity(t: Table, id: string, row: Row, names: readonly string[], withType: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (withType) out.__type = `Entity:${CONTRACTS}`;
  Object.assign(out, {
    Attributes: names
      .filter((n) => t.columns.get(n)?.validForRead !== false)
      .map((key) => ({ key, value: typed(t, key, row[key] ?? null) })),
    EntityState: null,
    FormattedValues: [],
    Id: id,
    KeyAttributes: [],
    LogicalName: t.logicalName,
    RelatedEntities: [],
    RowVersion: null,
  });
  return out;
}

function target(t: Table, e: ChangeEvent): unknown {
  if (e.message === 'Delete') {
    return {
      __type: `EntityReference:${CONTRACTS}`,
      Id: e.id,
      KeyAttributes: [],
      LogicalName: t.logicalName,
      Name: null,
      RowVersion: null,
    };
  }
  const row = e.post!;
  const names = e.message === 'Create' ? Object.keys(row) : [...e.changed, t.primaryId, 'modifiedon'];
  return entity(t, e.id, row, [...new Set(names)], true);
}

function images(t: Table, e: ChangeEvent, step: StepInfo, post: boolean): unknown[] {
  const row = post ? e.post : e.pre;
  const out: unknown[] = [];
  if (!row) return out;
  for (const img of step.images) {
    if (img.type !== 2 && img.type !== (post ? 1 : 0)) continue;
    const names = img.attributes.length > 0 ? [...img.attributes, t.primaryId] : Object.keys(row);
    out.push({ key: img.alias, value: entity(t, e.id, row, [...new Set(names)], false) });
  }
  if (post && step.mode === 1) {
    out.unshift({
      key: 'AsynchronousStepPrimaryName',
      value: entity(t, e.id, row, [t.primaryName, t.primaryId], false),
    });
  }
  return out;
}

/** The body, and whether it was stripped for exceeding 256 KB. */
export function remoteExecutionContext(env: Env, e: ChangeEvent, step: StepInfo): { json: string; stripped: boolean } {
  const t = env.schema(e.table);
  const common = {
    BusinessUnitId: env.businessUnitId,
    CorrelationId: crypto.randomUUID(),
    Depth: 1,
    InitiatingUserId: e.userId,
  };
  const operationId = crypto.randomUUID();
  const at = `/Date(${e.at})/`;
  const owning = {
    Id: step.id,
    KeyAttributes: [],
    LogicalName: 'sdkmessageprocessingstep',
    Name: step.name,
    RowVersion: null,
  };
  const input = [{ key: 'Target', value: target(t, e) }];
  const flags = { IsExecutingOffline: false, IsInTransaction: false, IsOfflinePlayback: false, IsolationMode: 1 };
  const body = (stripped: boolean) => ({
    ...common,
    InputParameters: stripped ? [] : input,
    ...flags,
    MessageName: e.message,
    Mode: step.mode,
    OperationCreatedOn: at,
    OperationId: operationId,
    OrganizationId: env.organizationId,
    OrganizationName: env.organizationName,
    OutputParameters: e.message === 'Create' ? [{ key: 'id', value: e.id }] : [],
    OwningExtension: owning,
    ParentContext: stripped
      ? null
      : {
          ...common,
          InputParameters: [...input, { key: 'SuppressDuplicateDetection', value: false }],
          ...flags,
          MessageName: e.message,
          Mode: step.mode,
          OperationCreatedOn: at,
          OperationId: operationId,
          OrganizationId: env.organizationId,
          OrganizationName: env.organizationName,
          OutputParameters: [],
          OwningExtension: owning,
          ParentContext: null,
          PostEntityImages: [],
          PreEntityImages: [],
          PrimaryEntityId: e.id,
          PrimaryEntityName: e.table,
          RequestId: null,
          SecondaryEntityName: 'none',
          SharedVariables: [],
          Stage: 30,
          UserId: e.userId,
        },
    PostEntityImages: stripped ? [] : images(t, e, step, true),
    PreEntityImages: stripped ? [] : images(t, e, step, false),
    PrimaryEntityId: e.id,
    PrimaryEntityName: e.table,
    RequestId: null,
    SecondaryEntityName: 'none',
    SharedVariables: [],
    Stage: 40,
    UserId: e.userId,
  });
  const escape = (o: unknown) => stringifyJson(o).replace(/\//g, '\\/');
  const full = escape(body(false));
  if (Buffer.byteLength(full) <= 256 * 1024) return { json: full, stripped: false };
  return { json: escape(body(true)), stripped: true };
}
