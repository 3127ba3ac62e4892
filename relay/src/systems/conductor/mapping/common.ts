/**
 * @module
 * What every Conductor mapping shares, with the rules of `qbd/mapping.ts`: a record read with a lenient
 * zod schema (unknown fields ignored, `null` and `""` absent) or a `cdt_record_unreadable` failure
 * naming it and the field; currencies by `lib/qb-currencies.ts` (the home currency when a record
 * names none); addresses, the contact person and additional contacts as the Web Connector path gives them.
 */
import { z } from 'zod';
import { addressOf, currencyOf, personOf, type QbPersonParts } from '../../../lib/qb-records.ts';
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import type { Address, Person } from '../../../sync/model.ts';
import type { ConductorJson } from '../api/types.ts';

export interface ConductorMappingContext {
  /** ISO 4217 code of the company's home currency. */
  readonly homeCurrency: string;
}

const absent = (v: unknown) => (v === null || v === '' ? undefined : v);
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** Optional text; `null` and `""` are absent. */
export const text = z.preprocess(absent, z.string().optional());
/** Required, non-empty text. */
export const required = z.string().min(1);
/**
 * An exact decimal: Conductor's decimal strings, or a JSON integer (`parseJson` keeps any other
 * number as its text, so no float is ever accepted).
 */
export const amount = z
  .union([z.string().regex(DECIMAL, 'a decimal number'), z.number().int().refine(Number.isSafeInteger)])
  .transform(String);
export const decimalText = z.preprocess(absent, amount.optional());
export const flag = z.preprocess(absent, z.boolean().optional());
/** @example optional(z.looseObject({ id: text })) // accepts null, "" and an absent field */
export const optional = <T extends z.ZodType>(s: T) => z.preprocess(absent, s.optional());
export const ref = optional(z.looseObject({ id: text, fullName: text }));
export const address = optional(
  z.looseObject({
    line1: text,
    line2: text,
    line3: text,
    line4: text,
    line5: text,
    city: text,
    state: text,
    postalCode: text,
    country: text,
  }),
);
export type Ref = z.infer<typeof ref>;

/** The fields every Conductor object carries. */
export const system = {
  id: required,
  updatedAt: required,
  revisionNumber: z.union([required, z.number().int()]).transform(String),
};

/**
 * The record as `schema` reads it, or why it cannot be read.
 * @example read(Customer, 'customer', json) // ok({ id: '80000001-1234567890', … })
 */
export function read<S extends z.ZodType>(schema: S, what: string, json: ConductorJson): Result<z.infer<S>> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0]!;
  const id = typeof json.id === 'string' && json.id ? json.id : '(without an id)';
  return err(
    relayError(
      'cdt_record_unreadable',
      `The Conductor ${what} ${id} could not be read: ${issue.path.join('.') || 'record'}: ${issue.message}.`,
    ),
  );
}

/** The record's currency (see `lib/qb-records.ts`). @example currency({ fullName: 'Euro' }, { homeCurrency: 'USD' }, 'invoice 7') // ok('EUR') */
export const currency = (r: Ref, ctx: ConductorMappingContext, what: string): Result<string> =>
  currencyOf(r?.fullName, ctx.homeCurrency, what, 'cdt_unknown_currency');

/** @example missing('The customer', 'invoice INV-1') // err(cdt_missing_reference) */
export const missing = (what: string, id: string) =>
  err(relayError('cdt_missing_reference', `${what} on ${id} has no QuickBooks ID; it cannot be mirrored`));

/** @example toAddress({ line1: 'Acme', line2: '', city: 'Paris' }) // { street: 'Acme', city: 'Paris' } */
export const toAddress = (a: z.infer<typeof address>): Address | undefined =>
  a ? addressOf({ ...a, lines: [a.line1, a.line2, a.line3, a.line4, a.line5] }) : undefined;

/** @example toPerson({ firstName: 'Ann', lastName: 'Lee', alternatePhone: '555' }) // { …, mobile: '555' } */
export const toPerson = (r: QbPersonParts & { alternatePhone?: string | undefined }): Person | undefined =>
  personOf({ ...r, altPhone: r.alternatePhone });

export { contactPersonOf as contactPerson } from '../../../lib/qb-records.ts';
