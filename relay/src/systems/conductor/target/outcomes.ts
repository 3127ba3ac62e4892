/**
 * @module
 * What the senders of writes share: their dependencies, how a person calls the record a write is
 * about, and the outcome of a write — on success the record's id and the `revisionNumber`
 * QuickBooks answered (the version the engine notes).
 */
import { OBJECTS } from '../../../lib/qb-writes.ts';
import type { RelayError } from '../../../lib/result.ts';
import type { TargetWrite, WriteOutcome } from '../../../sync/adapters.ts';
import type { ConductorClient, ConductorJson } from '../api/types.ts';
import type { References } from './references.ts';

export interface SendDeps {
  readonly client: ConductorClient;
  readonly references: References;
  /** The income account new items post their sales to, by full name (as `QBD_INCOME_ACCOUNT`). */
  readonly incomeAccount: string;
  readonly now: () => number;
}

/** @example describe(write) // 'the customer "Acme"' */
export function describe(w: TargetWrite): string {
  const name = String(w.fields.name ?? '');
  if (w.object === OBJECTS.customer) return `the customer "${name}"`;
  if (w.object === OBJECTS.vendor) return `the vendor "${name}"`;
  if (w.object === OBJECTS.item) return `the item "${name}"`;
  return `the invoice of "${w.source.id}"`;
}

export const failed = (error: RelayError): WriteOutcome => ({ ok: false, error });

export const done = (record: ConductorJson, created: boolean): WriteOutcome => ({
  ok: true,
  targetId: String(record.id),
  created,
  version: String(record.revisionNumber),
});
