/**
 * @module
 * The envelopes the Web API wraps rows in, checked with zod before anything is read from them: a
 * collection page (`value`, `@odata.nextLink`, `@odata.deltaLink`) and a single row. Rows inside
 * stay Dataverse's JSON as sent; `../mapping/` validates their columns.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../../lib/result.ts';
import { dynError } from './errors.ts';
import { parseExactJson } from './json.ts';
import type { DataverseJson } from './types.ts';

const row = z.record(z.string(), z.unknown());

const collection = z.object({
  value: z.array(row),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

export type CollectionPage = z.infer<typeof collection>;

const parse = (text: string): unknown => {
  try {
    return parseExactJson(text);
  } catch {
    return undefined;
  }
};

/**
 * A collection answer's rows and links.
 * @example readCollection('{"value":[{"name":"Acme"}]}') // ok({ value: [{ name: 'Acme' }] })
 */
export function readCollection(text: string): Result<CollectionPage> {
  const r = collection.safeParse(parse(text));
  return r.success ? ok(r.data) : err(dynError('dyn_bad_response', undefined, '(a collection without a value list)'));
}

/**
 * A single row's answer (`@odata.context` and `@odata.etag` kept).
 * @example readRow('{"@odata.etag":"W/\\"1\\"","name":"Acme"}') // ok({ '@odata.etag': 'W/"1"', name: 'Acme' })
 */
export function readRow(text: string): Result<DataverseJson> {
  const r = row.safeParse(parse(text));
  return r.success ? ok(r.data) : err(dynError('dyn_bad_response', undefined, '(an answer that is not a JSON object)'));
}
