/**
 * @module
 * A Dataverse webhook body (`RemoteExecutionContext`, use-webhooks.md; the recorded
 * `webhook-contact-update-async.json`) → a typed notice: which message, table and row, when, the key
 * that makes a duplicate or a retried delivery harmless, the changed columns and the post-image as
 * plain values. Lenient: only what the notice needs is checked, every other property is ignored. A
 * body over 256 KB arrives stripped of its images (`x-ms-dynamics-msg-size-exceeded`): the notice
 * then has no post-image and the row is read by id.
 */
import { z } from 'zod';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import { parseExactJson } from '../api/json.ts';
import { dataContractDate, plainValue, type PlainValue } from './values.ts';

export type Attributes = Readonly<Record<string, PlainValue>>;

export interface DataverseNotice {
  readonly messageName: 'Create' | 'Update' | 'Delete';
  /** The table's logical name (`account`). */
  readonly entity: string;
  /** The row's id, lower case. */
  readonly id: string;
  /** When the operation happened (ISO-8601 UTC). */
  readonly changedAt: string;
  /** The same for a retried or duplicated delivery, different for every step run: `<OperationId>:<step>`. */
  readonly dedupeKey: string;
  readonly correlationId?: string;
  readonly organizationId?: string;
  /** The user whose request started the operation (`InitiatingUserId`), lower case. */
  readonly initiatingUserId?: string;
  /** The columns the operation wrote (Update: only the changed ones). */
  readonly changed: Attributes;
  /** The row after the operation, all post-images merged; absent for Delete and stripped bodies. */
  readonly postImage?: Attributes;
}

const KeyValues = z.array(z.looseObject({ key: z.string(), value: z.unknown() })).catch([]);
const EntityImage = z.looseObject({ Attributes: KeyValues });

const Context = z.looseObject({
  MessageName: z.string().min(1),
  PrimaryEntityName: z.string().min(1),
  PrimaryEntityId: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'a GUID'),
  OperationId: z.string().min(1),
  OperationCreatedOn: z.string().refine((v) => dataContractDate(v) !== undefined, 'a /Date(…)/ value'),
  CorrelationId: z.string().nullish(),
  OrganizationId: z.string().nullish(),
  InitiatingUserId: z.string().nullish(),
  OwningExtension: z.looseObject({ Id: z.string().nullish() }).nullish(),
  InputParameters: KeyValues,
  PostEntityImages: KeyValues,
});

const MESSAGES = new Set(['Create', 'Update', 'Delete']);

const invalid = (why: string) =>
  err(relayError('dyn_webhook_invalid', `The webhook body is not a Dataverse RemoteExecutionContext: ${why}.`));

function attributesOf(entity: unknown): Record<string, PlainValue> | undefined {
  const parsed = EntityImage.safeParse(entity);
  if (!parsed.success) return undefined;
  return Object.fromEntries(parsed.data.Attributes.map((a) => [a.key, plainValue(a.value)]));
}

/**
 * @example parseNotice(rawBody) // ok({ messageName: 'Update', entity: 'contact', id: '6d81…', changedAt: '2017-09-26T07:04:08.000Z', … })
 */
export function parseNotice(body: string): Result<DataverseNotice> {
  let json: unknown;
  try {
    json = parseExactJson(body);
  } catch {
    return invalid('it is not JSON');
  }
  const parsed = Context.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return invalid(`${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  const c = parsed.data;
  if (!MESSAGES.has(c.MessageName))
    return err(
      relayError(
        'dyn_webhook_message_unsupported',
        `A webhook step sent a ${c.MessageName} message; only Create, Update and Delete are read.`,
      ),
    );
  const target = c.InputParameters.find((p) => p.key === 'Target')?.value;
  const images = c.PostEntityImages.map((i) => attributesOf(i.value)).filter((a) => a !== undefined);
  const postImage = images.length > 0 ? Object.assign({}, ...images) : undefined;
  return ok({
    messageName: c.MessageName as DataverseNotice['messageName'],
    entity: c.PrimaryEntityName,
    id: c.PrimaryEntityId.toLowerCase(),
    changedAt: dataContractDate(c.OperationCreatedOn)!,
    dedupeKey: `${c.OperationId.toLowerCase()}:${(c.OwningExtension?.Id ?? '').toLowerCase()}`,
    ...(c.CorrelationId ? { correlationId: c.CorrelationId } : {}),
    ...(c.OrganizationId ? { organizationId: c.OrganizationId } : {}),
    ...(c.InitiatingUserId ? { initiatingUserId: c.InitiatingUserId.toLowerCase() } : {}),
    changed: (c.MessageName === 'Delete' ? undefined : attributesOf(target)) ?? {},
    ...(postImage ? { postImage } : {}),
  });
}
