/**
 * @module
 * The answers Conductor wraps records in, checked with zod before anything is read from them: a
 * cursor page (`objectType: "list"`, `data`, `nextCursor`, `remainingCount`, `hasMore`), an
 * unpaginated list (`accounts`, the deleted-* endpoints: `objectType`, `url`, `data` only), one
 * record, the health check and a deletion. Records inside stay Conductor's JSON as sent, checked
 * only for the `id` and `objectType` every record carries.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../../lib/result.ts';
import { cdtError } from './errors.ts';
import { parseJson } from './json.ts';

const record = z.looseObject({ id: z.string(), objectType: z.string() });

const list = z.object({ objectType: z.literal('list'), url: z.string(), data: z.array(record) });

const page = list.extend({
  nextCursor: z.string().nullable(),
  remainingCount: z.number().nullable(),
  hasMore: z.boolean(),
});

const health = z.object({ duration: z.number(), status: z.string() });

const deleted = z.object({ id: z.string(), objectType: z.string(), deleted: z.literal(true) });

type Page = z.infer<typeof page>;

/** Validates an answer against `schema`; `what` names it in the failure. */
function read<T>(schema: z.ZodType<T>, text: string, what: string): Result<T> {
  const r = schema.safeParse(parseJson(text));
  return r.success ? ok(r.data) : err(cdtError('cdt_bad_response', undefined, `(${what})`));
}

/**
 * A cursor page.
 * @example readPage('{"objectType":"list","url":"/v1/quickbooks-desktop/customers","data":[],"nextCursor":null,"remainingCount":0,"hasMore":false}') // ok({ …, hasMore: false })
 */
export const readPage = (text: string): Result<Page> => read(page, text, 'a list page without data or cursor');

/**
 * The records of an unpaginated list.
 * @example readList('{"objectType":"list","url":"/v1/quickbooks-desktop/accounts","data":[{"id":"80000001-1","objectType":"qbd_account"}]}')
 */
export function readList(text: string): Result<readonly z.infer<typeof record>[]> {
  const r = read(list, text, 'a list without data');
  return r.ok ? ok(r.value.data) : r;
}

/**
 * One record.
 * @example readRecord('{"id":"80000001-1","objectType":"qbd_customer","name":"Acme"}') // ok({ id, objectType, name })
 */
export const readRecord = (text: string) => read(record, text, 'a record without id or objectType');

/** @example readHealth('{"duration":100,"status":"ok"}') // ok({ duration: 100, status: 'ok' }) */
export const readHealth = (text: string) => read(health, text, 'a health check without duration or status');

/** @example readDeleted('{"id":"1A-1","objectType":"qbd_invoice","deleted":true}') // ok({ id, objectType, deleted: true }) */
export const readDeleted = (text: string) => read(deleted, text, 'a deletion that does not say deleted');
