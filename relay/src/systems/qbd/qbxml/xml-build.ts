/**
 * @module
 * Small helpers the request builders use to write schema-ordered qbXML: every text value passes the
 * ISO-8859-1 check, the length limit of its field and XML escaping; optional aggregates vanish when
 * empty. A value that cannot be sent throws {@link QbxmlBuildError} (caught and returned as a Result
 * by `buildQbxmlResult`).
 */
import { escapeXml, toLatin1, type CharsetMode } from './charset.ts';
import type { Address, Ref } from './request-types.ts';

/** A request that cannot be written as valid qbXML; `field` names the element path. */
export class QbxmlBuildError extends Error {
  readonly code: string;
  readonly field: string;
  readonly requestId: string | undefined;
  constructor(code: string, field: string, message: string, requestId?: string) {
    super(message);
    this.name = 'QbxmlBuildError';
    this.code = code;
    this.field = field;
    this.requestId = requestId;
  }
}

/** Per-request writing context: the request's name (for error messages) and the charset mode. */
export interface Ctx {
  readonly rq: string;
  readonly requestId: string;
  readonly charset: CharsetMode;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)?)?$/;
const AMOUNT = /^-?\d{1,13}(\.\d{1,2})?$/;
const DECIMAL = /^-?\d{1,10}(\.\d{1,5})?$/;
const GUID = /^(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}|0)$/;

export function fail(ctx: Ctx, code: string, field: string, message: string): never {
  throw new QbxmlBuildError(code, `${ctx.rq}/${field}`, message, ctx.requestId);
}

/** A text element, checked for charset and `max` length; '' when `value` is undefined. */
export function text(ctx: Ctx, name: string, value: string | undefined, max?: number, path = name): string {
  if (value === undefined) return '';
  const latin = toLatin1(value, `${ctx.rq}/${path}`, ctx.charset);
  if (!latin.ok) throw new QbxmlBuildError(latin.error.code, `${ctx.rq}/${path}`, latin.error.message, ctx.requestId);
  if (max !== undefined && latin.value.length > max) {
    fail(
      ctx,
      'qbxml_field_too_long',
      path,
      `${path} is ${latin.value.length} characters; QuickBooks Desktop allows at most ${max} ("${latin.value.slice(0, 50)}").`,
    );
  }
  return `<${name}>${escapeXml(latin.value)}</${name}>`;
}

/** A required text element. */
export function required(ctx: Ctx, name: string, value: string | undefined, max?: number, path = name): string {
  if (value === undefined || value === '') fail(ctx, 'qbxml_field_required', path, `${path} is required.`);
  return text(ctx, name, value, max, path);
}

/** A raw element with pre-validated content (numbers, booleans, enums from our own unions). */
export function raw(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${String(value)}</${name}>`;
}

/** An aggregate; '' when none of its children produced output. */
export function agg(name: string, ...children: string[]): string {
  const inner = children.join('');
  return inner === '' ? '' : `<${name}>${inner}</${name}>`;
}

export function date(ctx: Ctx, name: string, value: string | undefined, path = name): string {
  if (value === undefined) return '';
  if (!DATE.test(value)) fail(ctx, 'qbxml_invalid_date', path, `${path} must be a date YYYY-MM-DD, got "${value}".`);
  return raw(name, value);
}

export function dateTime(ctx: Ctx, name: string, value: string | undefined, path = name): string {
  if (value === undefined) return '';
  if (!DATETIME.test(value)) {
    fail(
      ctx,
      'qbxml_invalid_datetime',
      path,
      `${path} must be YYYY-MM-DDTHH:MM:SS (QuickBooks local time), got "${value}".`,
    );
  }
  return raw(name, value);
}

/** Money and prices arrive as decimal strings; a JS number (already rounded in binary) is refused. */
function decimalString(ctx: Ctx, path: string, value: unknown): void {
  if (typeof value !== 'string') {
    fail(
      ctx,
      'qbxml_not_a_decimal_string',
      path,
      `${path} must be a decimal string such as "19.99", not a JS ${typeof value} (${String(value)}).`,
    );
  }
}

export function amount(ctx: Ctx, name: string, value: string | undefined, path = name): string {
  if (value === undefined) return '';
  decimalString(ctx, path, value);
  if (!AMOUNT.test(value))
    fail(ctx, 'qbxml_invalid_amount', path, `${path} must be an amount like 1234.56, got "${value}".`);
  // AMTTYPE takes no decimals or exactly two: "1.5" is written "1.50".
  return raw(name, /\.\d$/.test(value) ? `${value}0` : value);
}

/** PRICETYPE / QUANTYPE: decimals with up to five places. */
export function decimal(ctx: Ctx, name: string, value: string | undefined, path = name): string {
  if (value === undefined) return '';
  decimalString(ctx, path, value);
  if (!DECIMAL.test(value))
    fail(ctx, 'qbxml_invalid_decimal', path, `${path} must be a decimal number, got "${value}".`);
  return raw(name, value);
}

export function bool(name: string, value: boolean | undefined): string {
  return value === undefined ? '' : raw(name, value ? 'true' : 'false');
}

export function guid(ctx: Ctx, name: string, value: string | undefined, path = name): string {
  if (value === undefined) return '';
  if (!GUID.test(value))
    fail(ctx, 'qbxml_invalid_guid', path, `${path} must be a GUID like {xxxxxxxx-xxxx-...}, got "${value}".`);
  return raw(name, value);
}

/** The EditSequence a Mod must carry (the one just read; QuickBooks answers 3200 when it is stale). */
export function editSequence(ctx: Ctx, value: string): string {
  if (value === '')
    fail(ctx, 'qbxml_field_required', 'EditSequence', 'EditSequence is required on a Mod (query the record first).');
  return required(ctx, 'EditSequence', value, 16);
}

/** IDTYPE (ListID/TxnID): at most 36 characters, no markup. */
export function id(ctx: Ctx, name: string, value: string | undefined, path = name): string {
  if (value === undefined) return '';
  if (value === '' || value.length > 36 || !/^[\x21-\x7e]+$/.test(value)) {
    fail(ctx, 'qbxml_invalid_id', path, `${path} "${value}" is not a QuickBooks ID.`);
  }
  return text(ctx, name, value, 36, path);
}

/** `<XxxRef><ListID/><FullName/></XxxRef>`; ListID wins, FullName is sent only without one. */
export function ref(ctx: Ctx, name: string, value: Ref | undefined, maxFullName?: number): string {
  if (value === undefined) return '';
  if (value.listId === undefined && value.fullName === undefined) {
    fail(ctx, 'qbxml_field_required', name, `${name} needs a ListID or a FullName.`);
  }
  return agg(
    name,
    id(ctx, 'ListID', value.listId, `${name}/ListID`),
    value.listId === undefined ? text(ctx, 'FullName', value.fullName, maxFullName, `${name}/FullName`) : '',
  );
}

/** A required reference. */
export function requiredRef(ctx: Ctx, name: string, value: Ref | undefined, maxFullName?: number): string {
  if (value === undefined) fail(ctx, 'qbxml_field_required', name, `${name} is required.`);
  return ref(ctx, name, value, maxFullName);
}

/** BillAddress / ShipAddress / VendorAddress in schema order with QuickBooks Desktop limits. */
export function address(ctx: Ctx, name: string, a: Address | undefined): string {
  if (a === undefined) return '';
  const t = (el: string, v: string | undefined, max: number) => text(ctx, el, v, max, `${name}/${el}`);
  return agg(
    name,
    t('Addr1', a.addr1, 41),
    t('Addr2', a.addr2, 41),
    t('Addr3', a.addr3, 41),
    t('Addr4', a.addr4, 41),
    t('Addr5', a.addr5, 41),
    t('City', a.city, 31),
    t('State', a.state, 21),
    t('PostalCode', a.postalCode, 13),
    t('Country', a.country, 31),
    t('Note', a.note, 41),
  );
}

/** Attribute values (requestID, iteratorID) — escaped and charset-checked. */
export function attr(ctx: Ctx, name: string, value: string | undefined, max?: number): string {
  if (value === undefined) return '';
  const latin = toLatin1(value, `${ctx.rq}@${name}`, 'reject');
  if (!latin.ok) throw new QbxmlBuildError(latin.error.code, `${ctx.rq}@${name}`, latin.error.message, ctx.requestId);
  if (max !== undefined && value.length > max) {
    fail(
      ctx,
      'qbxml_field_too_long',
      `@${name}`,
      `${name} is ${value.length} characters; QuickBooks allows at most ${max}.`,
    );
  }
  return ` ${name}="${escapeXml(value)}"`;
}
