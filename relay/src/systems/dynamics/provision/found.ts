/**
 * @module
 * What the environment already has, as the metadata and registration endpoints report it: the
 * reads provisioning makes first (paths below `/api/data/v9.2/`), and zod schemas for their answers,
 * lenient about the many properties Dataverse adds. A table that does not exist is simply absent
 * (its read answers 404). The service endpoint's steps are read second, once the endpoint's id is known.
 */
import { z } from 'zod';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import { LINKED_TABLES, NEW_TABLES, WATCHED_MESSAGES, WATCHED_TABLES } from './schema.ts';

const EntityDefinition = z.looseObject({
  LogicalName: z.string(),
  ChangeTrackingEnabled: z.boolean().optional(),
  Attributes: z.array(z.looseObject({ LogicalName: z.string() })).default([]),
  Keys: z
    .array(
      z.looseObject({
        LogicalName: z.string(),
        KeyAttributes: z.array(z.string()).default([]),
        EntityKeyIndexStatus: z.string().optional(),
      }),
    )
    .default([]),
});
export type EntityDefinition = z.infer<typeof EntityDefinition>;

const ServiceEndpoint = z.looseObject({
  serviceendpointid: z.string(),
  name: z.string(),
  url: z.string().nullable().optional(),
  contract: z.number().optional(),
  authtype: z.number().nullable().optional(),
});

const Message = z.looseObject({ sdkmessageid: z.string(), name: z.string() });
const MessageFilter = z.looseObject({
  sdkmessagefilterid: z.string(),
  primaryobjecttypecode: z.string(),
  _sdkmessageid_value: z.string(),
});
const StepImage = z.looseObject({
  sdkmessageprocessingstepimageid: z.string(),
  imagetype: z.number().nullable().optional(),
  entityalias: z.string().nullable().optional(),
});
const Step = z.looseObject({
  sdkmessageprocessingstepid: z.string(),
  name: z.string().optional(),
  _sdkmessageid_value: z.string().nullable().optional(),
  _sdkmessagefilterid_value: z.string().nullable().optional(),
  _eventhandler_value: z.string().nullable().optional(),
  stage: z.number().nullable().optional(),
  mode: z.number().nullable().optional(),
  statecode: z.number().optional(),
  sdkmessageprocessingstepid_sdkmessageprocessingstepimage: z.array(StepImage).default([]),
});

/** Everything the plan is computed from. */
export const Found = z.object({
  /** The definitions of the tables that exist (of those asked for). */
  entities: z.array(EntityDefinition),
  serviceEndpoints: z.array(ServiceEndpoint),
  messages: z.array(Message),
  messageFilters: z.array(MessageFilter),
  /** The steps of Ledgerbridge's service endpoint, with their images; empty before it exists. */
  steps: z.array(Step).default([]),
});
export type Found = z.infer<typeof Found>;

const ATTRIBUTES = 'Attributes($select=LogicalName),Keys($select=LogicalName,KeyAttributes,EntityKeyIndexStatus)';
const anyOf = (column: string, values: readonly string[]) => values.map((v) => `${column} eq '${v}'`).join(' or ');

/**
 * The reads before a plan: one definition per table (full, so a change-tracking update can send it
 * back), the webhook service endpoints, the messages and their filters for the watched tables.
 * @example discoveryReads().tables[0] // { table: 'account', path: "EntityDefinitions(LogicalName='account')?$expand=…" }
 */
export function discoveryReads() {
  return {
    tables: [...LINKED_TABLES, ...NEW_TABLES.map((t) => t.table)].map((table) => ({
      table,
      path: `EntityDefinitions(LogicalName='${table}')?$expand=${ATTRIBUTES}`,
    })),
    serviceEndpoints: 'serviceendpoints?$select=serviceendpointid,name,url,contract,authtype&$filter=contract eq 8',
    messages: `sdkmessages?$select=sdkmessageid,name&$filter=${anyOf('name', WATCHED_MESSAGES)}`,
    messageFilters: `sdkmessagefilters?$select=sdkmessagefilterid,primaryobjecttypecode,_sdkmessageid_value&$filter=${anyOf('primaryobjecttypecode', WATCHED_TABLES)}`,
  } as const;
}

/**
 * The steps (with their images) a service endpoint has.
 * @example stepsRead('0f…') // "sdkmessageprocessingsteps?$select=…&$filter=_eventhandler_value eq 0f…&$expand=…"
 */
export function stepsRead(endpointId: string): string {
  return (
    'sdkmessageprocessingsteps?$select=sdkmessageprocessingstepid,name,_sdkmessageid_value,_sdkmessagefilterid_value,' +
    `_eventhandler_value,stage,mode,statecode&$filter=_eventhandler_value eq ${endpointId}` +
    '&$expand=sdkmessageprocessingstepid_sdkmessageprocessingstepimage($select=sdkmessageprocessingstepimageid,imagetype,entityalias)'
  );
}

/**
 * Validates what the reads answered.
 * @example readFound({ entities, serviceEndpoints, messages, messageFilters, steps })
 */
export function readFound(raw: unknown): Result<Found> {
  const parsed = Found.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0]!;
  return err(
    relayError(
      'dyn_metadata_unreadable',
      `The environment's metadata could not be read: ${issue.path.join('.') || 'answer'}: ${issue.message}.`,
    ),
  );
}
