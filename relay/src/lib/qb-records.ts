/**
 * @module
 * How the parts of a QuickBooks Desktop record read in the canonical model, whichever path brought
 * it (the Web Connector's qbXML, Conductor's JSON), so both give the same records: an address's
 * five lines joined by newlines, the record's contact person (only with a last name), an
 * additional contact known by one name (that name, as a last name), and a currency by its name
 * (`qb-currencies.ts`; an unknown name fails the record, never a made-up code).
 */
import type { Address, Person } from '../sync/model.ts';
import { withoutUndefined } from './objects.ts';
import { err, ok, relayError, type Result } from './result.ts';
import { isoCode } from './qb-currencies.ts';

export interface QbAddressParts {
  /** Addr1…Addr5 (line1…line5), in order; empty or absent ones are left out. */
  readonly lines: readonly (string | undefined)[];
  readonly city?: string | undefined;
  readonly state?: string | undefined;
  readonly postalCode?: string | undefined;
  readonly country?: string | undefined;
}

/** @example addressOf({ lines: ['Acme', '', '1 Main St'], city: 'Springfield' }) // { street: 'Acme\n1 Main St', city: 'Springfield' } */
export function addressOf(a: QbAddressParts | undefined): Address | undefined {
  if (!a) return undefined;
  const street = a.lines.filter(Boolean).join('\n');
  const out: Address = withoutUndefined({
    street: street || undefined,
    city: a.city,
    state: a.state,
    postalCode: a.postalCode,
    country: a.country,
  });
  return Object.keys(out).length ? out : undefined;
}

export interface QbPersonParts {
  readonly salutation?: string | undefined;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly jobTitle?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
  /** AltPhone (Conductor's `alternatePhone`): the person's mobile. */
  readonly altPhone?: string | undefined;
}

/** The record's contact person; none without a last name. @example personOf({ firstName: 'Ann', lastName: 'Lee', altPhone: '555' }) // { firstName: 'Ann', lastName: 'Lee', mobile: '555' } */
export function personOf(r: QbPersonParts): Person | undefined {
  if (!r.lastName) return undefined;
  return withoutUndefined({
    salutation: r.salutation,
    firstName: r.firstName,
    lastName: r.lastName,
    title: r.jobTitle,
    email: r.email,
    phone: r.phone,
    mobile: r.altPhone,
  });
}

/**
 * A customer's additional contact as a person. QuickBooks requires a first name and not a last
 * one: a contact known by one name is that name, as a person's last name (the write mapping sends
 * it back as the first name, so it reads the same both ways).
 * @example contactPersonOf({ firstName: 'Ann' }) // { lastName: 'Ann' }
 */
export function contactPersonOf(c: Omit<QbPersonParts, 'email' | 'phone' | 'altPhone'>): Person | undefined {
  const last = c.lastName ?? c.firstName;
  if (!last) return undefined;
  return withoutUndefined({
    salutation: c.salutation,
    firstName: c.lastName ? c.firstName : undefined,
    lastName: last,
    title: c.jobTitle,
  });
}

/**
 * The ISO 4217 code of a record's currency by its QuickBooks name; the home currency when it names
 * none; an unknown name fails the record with `code`.
 * @example currencyOf('British Pound Sterling', 'USD', 'invoice 7', 'qbd_unknown_currency') // ok('GBP')
 */
export function currencyOf(name: string | undefined, homeCurrency: string, what: string, code: string): Result<string> {
  if (!name) return ok(homeCurrency);
  const iso = isoCode(name);
  if (iso) return ok(iso);
  return err(
    relayError(
      code,
      `QuickBooks currency '${name}' on ${what} has no ISO 4217 code Ledgerbridge knows; give the currency its standard name (or its three-letter ISO code) in QuickBooks' currency list, then sync again.`,
    ),
  );
}
