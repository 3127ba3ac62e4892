/**
 * @module
 * What every Conductor mapping shares, with the rules of `qbd/mapping.ts`: a record read with a lenient
 * zod schema (unknown fields ignored, `null` and `""` absent) or a `cdt_record_unreadable` failure
 * naming it and the field; currencies by `lib/qb-currencies.ts` (the home currency when a record
 * names none); addresses, the contact person and additional contacts as the Web Connector path gives them.
 */
import { z } from 'zod';
import { withoutUndefined } from '../../../lib/objects.ts';
import { isoCode } from '../../../lib/qb-currencies.ts';
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

/**
 * The ISO 4217 code of a record's currency; the home currency when it names none.
 * @example currency({ fullName: 'Euro' }, { homeCurrency: 'USD' }, 'invoice 7') // ok('EUR')
 */
export function currency(r: Ref, ctx: ConductorMappingContext, what: string): Result<string> {
  if (!r?.fullName) return ok(ctx.homeCurrency);
  const code = isoCode(r.fullName);
  if (code) return ok(code);
  return err(
    relayError(
      'cdt_unknown_currency',
      `QuickBooks currency '${r.fullName}' on ${what} has no ISO 4217 code Ledgerbridge knows; give the currency its standard name (or its three-letter ISO code) in QuickBooks' currency list, then sync again.`,
    ),
  );
}

/** @example missing('The customer', 'invoice INV-1') // err(cdt_missing_reference) */
export const missing = (what: string, id: string) =>
  err(relayError('cdt_missing_reference', `${what} on ${id} has no QuickBooks ID; it cannot be mirrored`));

/** @example toAddress({ line1: 'Acme', line2: '', city: 'Paris' }) // { street: 'Acme', city: 'Paris' } */
export function toAddress(a: z.infer<typeof address>): Address | undefined {
  if (!a) return undefined;
  const street = [a.line1, a.line2, a.line3, a.line4, a.line5].filter(Boolean).join('\n');
  const out: Address = withoutUndefined({
    street: street || undefined,
    city: a.city,
    state: a.state,
    postalCode: a.postalCode,
    country: a.country,
  });
  return Object.keys(out).length ? out : undefined;
}

/** @example toPerson({ firstName: 'Ann', lastName: 'Lee', alternatePhone: '555' }) // { …, mobile: '555' } */
export function toPerson(r: {
  salutation?: string;
  firstName?: string;
  lastName?: string;
  jobTitle?: string;
  email?: string;
  phone?: string;
  alternatePhone?: string;
}): Person | undefined {
  if (!r.lastName) return undefined;
  return withoutUndefined({
    salutation: r.salutation,
    firstName: r.firstName,
    lastName: r.lastName,
    title: r.jobTitle,
    email: r.email,
    phone: r.phone,
    mobile: r.alternatePhone,
  });
}

/**
 * An additional contact as a person: one known by a single name is that name, as a last name
 * (QuickBooks requires a first name, not a last one).
 * @example contactPerson({ firstName: 'Ann' }) // { lastName: 'Ann' }
 */
export function contactPerson(c: {
  salutation?: string;
  firstName?: string;
  lastName?: string;
  jobTitle?: string;
}): Person | undefined {
  const last = c.lastName ?? c.firstName;
  if (!last) return undefined;
  return withoutUndefined({
    salutation: c.salutation,
    firstName: c.lastName ? c.firstName : undefined,
    lastName: last,
    title: c.jobTitle,
  });
}
