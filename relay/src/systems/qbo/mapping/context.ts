/**
 * @module
 * What mapping a QuickBooks Online record needs besides the record, and the small readings every
 * entity's mapping shares: a reference's name (as the reference carries it, else as the context
 * knows it), texts that are empty as absent, amounts as two-place money, the currency.
 */
import { toMoneyString, decimal } from '../../../lib/money.ts';
import { withoutUndefined } from '../../../lib/objects.ts';
import type { Ref } from './payloads.ts';

/** The lists whose names transactions and customers reference by Id. */
export type NamedKind = 'Department' | 'Class' | 'Term' | 'PaymentMethod' | 'Customer';

export interface QboMappingContext {
  /** ISO 4217 code of the company's home currency (Preferences `CurrencyPrefs.HomeCurrency`). */
  readonly homeCurrency: string;
  /** The name of a referenced record, for references that come without one (Intuit usually sends it). */
  nameOf?(kind: NamedKind, id: string): string | undefined;
}

/** A reference's name: its own `name`, else the one the context knows, else none. */
export const nameOf = (ref: Ref | undefined, kind: NamedKind, ctx: QboMappingContext): string | undefined =>
  ref === undefined ? undefined : (given(ref.name) ?? given(ctx.nameOf?.(kind, ref.value)));

/** A text, or nothing when it is empty (Intuit sends `""` for a cleared field). */
export const given = (text: string | undefined): string | undefined => (text ? text : undefined);

/** An exact amount as a two-place money string. */
export const money = (text: string): string => toMoneyString(decimal(text));

/** The record's currency code: its CurrencyRef, the home currency when it names none. */
export const currencyOf = (ref: Ref | undefined, ctx: QboMappingContext): string => ref?.value ?? ctx.homeCurrency;

/** The identity and change stamp every record carries: Id, SyncToken, MetaData.LastUpdatedTime. */
export const stamp = (r: { Id: string; SyncToken?: string; MetaData: { LastUpdatedTime: string } }) =>
  withoutUndefined({ id: r.Id, version: r.SyncToken, updatedAt: r.MetaData.LastUpdatedTime });
