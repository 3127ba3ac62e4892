/**
 * @module
 * Content hashes: what was written for a record, in a canonical JSON form (keys sorted), hashed.
 * Equal hashes mean nothing changed, so nothing is rewritten.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal content always serialises equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** @example contentHash({ b: 1, a: 2 }) === contentHash({ a: 2, b: 1 }) // true */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * What a record's writes set in their system, as the same system's source fingerprints what it
 * holds (`CanonicalRecord.held`): the hash of the writes' fields, in order, but those an existing
 * record keeps (create-only).
 * @example heldHash([{ fields: { name: 'Acme' } }])
 */
export const heldHash = (
  writes: readonly { readonly fields: Readonly<Record<string, unknown>>; readonly createOnly?: readonly string[] }[],
): string => contentHash(writes.map((w) => withoutCreateOnly(w.fields, w.createOnly ?? [])));

/** A write's fields without those set only when the record is created (an existing record keeps its own). */
export const withoutCreateOnly = (
  fields: Readonly<Record<string, unknown>>,
  createOnly: readonly string[],
): Record<string, unknown> => Object.fromEntries(Object.entries(fields).filter(([k]) => !createOnly.includes(k)));
