/**
 * @module
 * What the org's fields hold, for every text and number field the mapping writes: a text field's
 * length (in UTF-16 code units, as Salesforce counts), a number's precision (total digits) and
 * scale (digits after the point). Standard fields carry Salesforce's documented sizes; custom
 * fields carry what `force-app/` declares (`field-limits.test.ts` fails when the two disagree).
 *
 * A write is fitted to these before it is stored in the outbox ({@link fitWrite}): a text too long
 * is cut at a character boundary (never inside a surrogate pair); an email address too long is
 * left out (a cut address is no address). A number the field cannot hold is never cut: the write
 * is refused before it is sent ({@link outOfRange}), with the field, the value and the limit in
 * words, so one record fails and not the batch, and it is not retried; so is a date that names no
 * day ({@link invalidDate}: Salesforce would refuse the whole sObject Collections request for it).
 */
import { format, parseDecimal, round } from '../../lib/money.ts';
import { relayError, type RelayError } from '../../lib/result.ts';
import type { SObjectName } from './schema.ts';

export type FieldLimit =
  | { readonly kind: 'text'; readonly length: number }
  | { readonly kind: 'email'; readonly length: number }
  | { readonly kind: 'number'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'date' | 'datetime' };

const text = (length: number): FieldLimit => ({ kind: 'text', length });
const email: FieldLimit = { kind: 'email', length: 80 };
const number = (precision: number, scale: number): FieldLimit => ({ kind: 'number', precision, scale });
const date: FieldLimit = { kind: 'date' };
const datetime: FieldLimit = { kind: 'datetime' };
/** Custom currency fields of the package: Currency(16, 2). */
const money = number(16, 2);
/** Standard currency fields (Opportunity.Amount, prices): Currency(18, 2). */
const standardMoney = number(18, 2);
const address = (prefix: string) => ({
  [`${prefix}Street`]: text(255),
  [`${prefix}City`]: text(40),
  [`${prefix}State`]: text(80),
  [`${prefix}PostalCode`]: text(20),
  [`${prefix}Country`]: text(80),
});

/** By object and field (source API names). Fields not listed (lookups, checkboxes, picklists) are not checked. */
export const FIELD_LIMITS: Readonly<Partial<Record<SObjectName, Readonly<Record<string, FieldLimit>>>>> = {
  Account: {
    Name: text(255),
    Phone: text(40),
    Fax: text(40),
    ...address('Billing'),
    ...address('Shipping'),
    QuickBooks_Department__c: text(159),
    QuickBooks_Class__c: text(159),
    QuickBooks_Sales_Rep__c: text(41),
    QuickBooks_Full_Name__c: text(255),
    QuickBooks_Terms__c: text(100),
    QuickBooks_Email__c: email,
    QuickBooks_Open_Balance__c: money,
    QuickBooks_Overdue_Balance__c: money,
  },
  Contact: {
    FirstName: text(40),
    LastName: text(80),
    Title: text(128),
    Email: email,
    Phone: text(40),
    MobilePhone: text(40),
  },
  Product2: { Name: text(255), ProductCode: text(255), Description: text(4000) },
  PricebookEntry: { UnitPrice: standardMoney },
  QuickBooks_GL_Account__c: {
    Name: text(80),
    Full_Name__c: text(255),
    Account_Type__c: text(60),
    Account_Number__c: text(20),
    Balance__c: money,
    QuickBooks_Updated_At__c: datetime,
  },
  Opportunity: {
    Name: text(120),
    Amount: standardMoney,
    CloseDate: date,
    Description: text(32000),
    QuickBooks_Department__c: text(159),
    QuickBooks_Class__c: text(159),
  },
  QuickBooks_Invoice__c: {
    Name: text(80),
    Txn_Date__c: date,
    Due_Date__c: date,
    Total_Amount__c: money,
    Balance__c: money,
    Currency_Code__c: text(3),
    Terms__c: text(100),
    Sales_Rep__c: text(41),
    Memo__c: text(4096),
    Department__c: text(159),
    Class__c: text(159),
    Exchange_Rate__c: number(18, 10),
    QuickBooks_Updated_At__c: datetime,
  },
  QuickBooks_Invoice_Line__c: {
    Description__c: text(4096),
    Quantity__c: number(18, 5),
    Rate__c: number(18, 5),
    Amount__c: money,
    Line_Number__c: number(6, 0),
  },
  OpportunityLineItem: { Quantity: number(12, 2), TotalPrice: standardMoney, Description: text(255) },
  QuickBooks_Bill__c: {
    Name: text(80),
    Txn_Date__c: date,
    Due_Date__c: date,
    Total_Amount__c: money,
    Balance__c: money,
    Currency_Code__c: text(3),
    Memo__c: text(4096),
    QuickBooks_Updated_At__c: datetime,
  },
  QuickBooks_Sync_Request__c: { Result__c: text(32768) },
  QuickBooks_Payment__c: {
    Name: text(80),
    Amount__c: money,
    Unapplied_Amount__c: money,
    Payment_Date__c: date,
    Payment_Method__c: text(100),
    Currency_Code__c: text(3),
    Memo__c: text(4096),
    QuickBooks_Updated_At__c: datetime,
  },
};

/**
 * `text` cut to at most `length` UTF-16 code units, never between the two halves of a surrogate pair.
 * @example cut('ab😀', 3) // 'ab'
 */
export function cut(text: string, length: number): string {
  if (text.length <= length) return text;
  const end = length > 0 && isHighSurrogate(text.charCodeAt(length - 1)) ? length - 1 : length;
  return text.slice(0, end);
}
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** A field a write had to shorten or leave out, for the log (never the value itself). */
export interface Fitted {
  readonly field: string;
  readonly action: 'truncated' | 'omitted';
  /** Lengths in UTF-16 code units: the value's, the field's, and what was kept. */
  readonly length: number;
  readonly limit: number;
  readonly kept: number;
}

/**
 * The fields of a write, with every text longer than its field cut to fit (an email address too
 * long is written empty), and what was changed.
 * @example fitWrite('Product2', { Description: 'x'.repeat(5000) }).fields.Description.length // 4000
 */
export function fitWrite(
  sobject: SObjectName,
  fields: Readonly<Record<string, unknown>>,
): { fields: Readonly<Record<string, unknown>>; fitted: Fitted[] } {
  const limits = FIELD_LIMITS[sobject];
  if (!limits) return { fields, fitted: [] };
  const fitted: Fitted[] = [];
  const out: Record<string, unknown> = { ...fields };
  for (const [field, value] of Object.entries(fields)) {
    const limit = limits[field];
    if (limit?.kind !== 'text' && limit?.kind !== 'email') continue;
    if (typeof value !== 'string' || value.length <= limit.length) continue;
    if (limit.kind === 'email') {
      out[field] = null;
      fitted.push({ field, action: 'omitted', length: value.length, limit: limit.length, kept: 0 });
    } else {
      out[field] = cut(value, limit.length);
      const kept = (out[field] as string).length;
      fitted.push({ field, action: 'truncated', length: value.length, limit: limit.length, kept });
    }
  }
  return fitted.length ? { fields: out, fitted } : { fields, fitted };
}

/** The decimal text of a field value, when it is one (numbers the mapping writes are decimal strings or small integers). */
const decimalText = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' && Number.isSafeInteger(value)
      ? String(value)
      : undefined;

/** Digits before the decimal point of a decimal text, leading zeros and sign aside. */
function integerDigits(raw: string): number {
  let i = raw.startsWith('-') || raw.startsWith('+') ? 1 : 0;
  while (raw[i] === '0') i++;
  const dot = raw.indexOf('.', i);
  return (dot < 0 ? raw.length : dot) - i;
}

/**
 * Why Salesforce would refuse a number of this write (`NUMBER_OUTSIDE_VALID_RANGE`), or undefined
 * when every number fits: rounded half up to the field's scale (as the org does), its integer part
 * must have at most `precision − scale` digits, whatever its sign.
 * @example outOfRange('Opportunity', { Amount: '10000000000000000.00' })?.code // 'sf_value_out_of_range'
 */
export function outOfRange(sobject: SObjectName, fields: Readonly<Record<string, unknown>>): RelayError | undefined {
  const limits = FIELD_LIMITS[sobject];
  if (!limits) return undefined;
  for (const [field, value] of Object.entries(fields)) {
    const limit = limits[field];
    const raw = decimalText(value);
    if (limit?.kind !== 'number' || raw === undefined) continue;
    const allowed = limit.precision - limit.scale;
    // Fewer integer digits than allowed: even rounding up to the scale cannot overflow.
    if (integerDigits(raw) < allowed) continue;
    const parsed = parseDecimal(raw);
    if (!parsed) continue; // not a number: Salesforce says so itself
    const rounded = round(parsed, limit.scale);
    const magnitude = rounded.units < 0n ? -rounded.units : rounded.units;
    const intDigits = magnitude / 10n ** BigInt(limit.scale);
    if (intDigits.toString().length <= allowed || intDigits === 0n) continue;
    const largest = format({ units: 10n ** BigInt(limit.precision) - 1n, scale: limit.scale });
    return relayError(
      'sf_value_out_of_range',
      `${sobject}.${field} cannot hold ${raw}: the field takes at most ${allowed} digits before the decimal point ` +
        `(${limit.precision} digits, ${limit.scale} after the point; from -${largest} to ${largest}), so Salesforce ` +
        `would refuse the record. Correct it in QuickBooks; the corrected record is written at the next sync.`,
    );
  }
  return undefined;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** `YYYY-MM-DD` naming a day of the calendar (2026-02-31 names none). */
const calendarDays = new Set<string>();
const isCalendarDay = (text: string) => {
  const day = text.slice(0, 10);
  if (calendarDays.has(day)) return true;
  if (!isCalendarDayUncached(day)) return false;
  if (calendarDays.size < 100_000) calendarDays.add(day); // a few centuries of days at most
  return true;
};
const isCalendarDayUncached = (text: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
};
const DATETIME = /^\d{4}-\d{2}-\d{2}(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-](0\d|1[0-4]):?[0-5]\d)?)?$/;

/**
 * Why Salesforce would refuse a date or datetime of this write (it refuses a whole sObject
 * Collections request for one day that does not exist, `JSON_PARSER_ERROR`), or undefined.
 * @example invalidDate('QuickBooks_Invoice__c', { Due_Date__c: '2026-02-31' })?.code // 'sf_invalid_date'
 */
export function invalidDate(sobject: SObjectName, fields: Readonly<Record<string, unknown>>): RelayError | undefined {
  const limits = FIELD_LIMITS[sobject];
  if (!limits) return undefined;
  for (const [field, value] of Object.entries(fields)) {
    const limit = limits[field];
    if ((limit?.kind !== 'date' && limit?.kind !== 'datetime') || typeof value !== 'string') continue;
    const shaped = limit.kind === 'date' ? /^\d{4}-\d{2}-\d{2}$/.test(value) : DATETIME.test(value);
    if (shaped && isCalendarDay(value)) continue;
    return relayError(
      'sf_invalid_date',
      `${sobject}.${field} cannot hold ${value}: it is not a ${limit.kind === 'date' ? 'calendar day (YYYY-MM-DD)' : 'real date and time'}, ` +
        `so Salesforce would refuse the record. Correct it in QuickBooks; the corrected record is written at the next sync.`,
    );
  }
  return undefined;
}

/**
 * Why a write cannot be sent as it is (a number out of its field's range, a day that does not
 * exist), or undefined when Salesforce can take it.
 */
export const unsendable = (sobject: SObjectName, fields: Readonly<Record<string, unknown>>): RelayError | undefined =>
  outOfRange(sobject, fields) ?? invalidDate(sobject, fields);
