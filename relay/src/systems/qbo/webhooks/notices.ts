/**
 * @module
 * A webhook delivery's body → notices, one per record changed. Two formats (reference §3): the
 * legacy object `{ eventNotifications: [{ realmId, dataChangeEvent: { entities: [{ name, id,
 * operation, lastUpdated, deletedId? }] } }] }`, and CloudEvents, a top-level array of `{ specversion,
 * id, type: 'qbo.<entity>.<operation past tense>.v1', time, intuitentityid, intuitaccountid }`. One
 * delivery may name several companies: each notice carries its realm. A notice names a record, never
 * its content (CloudEvents' `data` is not relied on).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';

export interface Notice {
  readonly realmId: string;
  /** Intuit's entity name, as its API spells it (`Customer`, `JournalEntry`). */
  readonly entity: string;
  readonly entityId: string;
  readonly operation: 'Create' | 'Update' | 'Delete' | 'Merge' | 'Void' | 'Emailed';
  readonly changedAt: string | null;
  /** The record a merge removed (legacy `deletedId`). */
  readonly mergedAwayId?: string;
  /** Unique per notice: a retried delivery carries the same keys. */
  readonly eventKey: string;
}

const ENTITIES = [
  'Account', 'Bill', 'BillPayment', 'Budget', 'Class', 'CreditMemo', 'Currency', 'Customer', 'Department', 'Deposit',
  'Employee', 'Estimate', 'Invoice', 'Item', 'JournalCode', 'JournalEntry', 'Payment', 'PaymentMethod', 'Preferences',
  'Purchase', 'PurchaseOrder', 'RefundReceipt', 'SalesReceipt', 'Term', 'TimeActivity', 'Transfer', 'Vendor',
  'VendorCredit',
]; // prettier-ignore
const ENTITY_BY_LOWER = new Map(ENTITIES.map((e) => [e.toLowerCase(), e]));

const OPERATIONS = {
  created: 'Create',
  updated: 'Update',
  deleted: 'Delete',
  merged: 'Merge',
  voided: 'Void',
  emailed: 'Emailed',
} as const;
const LEGACY_OPERATIONS = new Set<string>(Object.values(OPERATIONS));

const id = z.string().trim().min(1).max(64);

const Legacy = z.object({
  eventNotifications: z
    .array(
      z.object({
        realmId: id,
        dataChangeEvent: z.object({
          entities: z.array(
            z.object({
              name: z.string().min(1).max(64),
              id,
              operation: z.string().refine((o) => LEGACY_OPERATIONS.has(o), 'an operation Intuit sends'),
              lastUpdated: z.string().max(64).optional(),
              deletedId: id.optional(),
            }),
          ),
        }),
      }),
    )
    .min(1),
});

const CloudEvent = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(128),
  type: z.string().regex(/^qbo\.[a-z]+\.[a-z]+\.v\d+$/, 'looks like qbo.<entity>.<operation>.v1'),
  time: z.string().max(64).optional(),
  intuitentityid: id,
  intuitaccountid: id,
  // Intuit's page shows the merged-away record as `deletedid`, lower-case (the legacy format's `deletedId`).
  data: z.looseObject({ deletedid: id.optional(), deletedId: id.optional() }).optional(),
});
const CloudEvents = z.array(CloudEvent).min(1);

const keyOf = (parts: readonly (string | undefined)[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('base64url');

const invalid = (why: string) =>
  err(relayError('qbo_webhook_invalid', `The webhook body is not a QuickBooks Online notification: ${why}.`));

function issueInWords(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || 'body'}: ${issue.message}`;
}

/**
 * @example parseNotices('{"eventNotifications":[...]}') // ok([{ realmId, entity: 'Customer', ... }])
 */
export function parseNotices(body: string): Result<Notice[]> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return invalid('it is not JSON');
  }
  if (Array.isArray(json)) {
    const parsed = CloudEvents.safeParse(json);
    if (!parsed.success) return invalid(issueInWords(parsed.error));
    const notices: Notice[] = [];
    for (const e of parsed.data) {
      const [, entityLower = '', past = ''] = e.type.split('.');
      const operation = OPERATIONS[past as keyof typeof OPERATIONS];
      if (!operation) continue; // an operation the relay does not act on
      const entity = ENTITY_BY_LOWER.get(entityLower) ?? entityLower[0]!.toUpperCase() + entityLower.slice(1);
      const mergedAwayId = e.data?.deletedid ?? e.data?.deletedId;
      notices.push({
        realmId: e.intuitaccountid,
        entity,
        entityId: e.intuitentityid,
        operation,
        changedAt: e.time ?? null,
        ...(mergedAwayId ? { mergedAwayId } : {}),
        eventKey: `ce:${e.id}`,
      });
    }
    return ok(notices);
  }
  const parsed = Legacy.safeParse(json);
  if (!parsed.success) return invalid(issueInWords(parsed.error));
  return ok(
    parsed.data.eventNotifications.flatMap((n) =>
      n.dataChangeEvent.entities.map((e) => ({
        realmId: n.realmId,
        entity: e.name,
        entityId: e.id,
        operation: e.operation as Notice['operation'],
        changedAt: e.lastUpdated ?? null,
        ...(e.deletedId ? { mergedAwayId: e.deletedId } : {}),
        eventKey: `legacy:${keyOf([n.realmId, e.name, e.id, e.operation, e.lastUpdated, e.deletedId])}`,
      })),
    ),
  );
}
