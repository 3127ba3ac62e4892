/**
 * @module
 * Helpers around Lightning Data Service: error messages in words (`reduceErrors`), typed field
 * reads from User Interface API records, and namespace-safe names derived from `@salesforce/schema`
 * references (so the package works unchanged once it carries a namespace prefix).
 */

/** A field reference from `@salesforce/schema/Object.Field` (spanning paths allowed). */
export interface FieldRef {
  objectApiName: string;
  fieldApiName: string;
}

interface UiField {
  value: unknown;
  displayValue: string | null;
}

/** The User Interface API record shape every LDS adapter provisions. */
export interface UiRecord {
  id: string;
  apiName: string;
  fields: Record<string, UiField>;
}

function fieldAt(record: UiRecord | undefined, path: string): UiField | undefined {
  let current: UiRecord | undefined = record;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i += 1) {
    const field: UiField | undefined = current?.fields?.[parts[i] as string];
    if (!field) return undefined;
    if (i === parts.length - 1) return field;
    current = (field.value ?? undefined) as UiRecord | undefined;
  }
  return undefined;
}

/**
 * The raw value of a field (or spanning path) on a UI API record; `null` when absent.
 * @example
 * fieldValue(account, OPEN_BALANCE_FIELD); // 1250.5
 */
export function fieldValue(record: UiRecord | undefined, field: FieldRef): unknown {
  return fieldAt(record, field.fieldApiName)?.value ?? null;
}

/**
 * A field's value as a string, or `null` when absent or empty.
 * @example
 * stringValue(invoice, STATUS_FIELD); // 'Overdue'
 */
export function stringValue(record: UiRecord | undefined, field: FieldRef): string | null {
  const value = fieldValue(record, field);
  if (value === null || value === undefined || value === '') return null;
  return String(value);
}

/**
 * A field's numeric value, or `null` when absent.
 * @example
 * numberValue(log, ATTEMPTS_FIELD); // 3
 */
export function numberValue(record: UiRecord | undefined, field: FieldRef): number | null {
  const value = fieldValue(record, field);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * The display value the platform formatted (translated picklist label etc.), falling back to the value.
 * @example
 * displayValue(invoice, STATUS_FIELD); // 'Partially Paid'
 */
export function displayValue(record: UiRecord | undefined, field: FieldRef): string | null {
  const f = fieldAt(record, field.fieldApiName);
  if (!f) return null;
  if (f.displayValue !== null && f.displayValue !== undefined && f.displayValue !== '') return f.displayValue;
  return f.value === null || f.value === undefined ? null : String(f.value);
}

/**
 * `Object.Field` as the UI API wants it in `fields` lists.
 * @example
 * qualified(INVOICE_NAME_FIELD); // 'QuickBooks_Invoice__c.Name'
 */
export function qualified(field: FieldRef): string {
  return `${field.objectApiName}.${field.fieldApiName}`;
}

/**
 * The namespace prefix (with its trailing `__`) carried by a custom object or field API name, or ''.
 * @example
 * namespacePrefix('lb__QuickBooks_Invoice__c'); // 'lb__'
 * namespacePrefix('QuickBooks_Invoice__c'); // ''
 */
export function namespacePrefix(apiName: string): string {
  const match = /^([A-Za-z][A-Za-z0-9]*)__[A-Za-z0-9_]+__[a-z]+$/.exec(apiName);
  return match ? `${match[1]}__` : '';
}

/**
 * A package-local name (relationship, list view) with the namespace of the given schema reference.
 * @example
 * packageName('lb__QuickBooks_Invoice__c', 'QuickBooks_Invoices__r'); // 'lb__QuickBooks_Invoices__r'
 */
export function packageName(referenceApiName: string, localName: string): string {
  return namespacePrefix(referenceApiName) + localName;
}

interface ErrorLike {
  body?: unknown;
  message?: unknown;
  statusText?: unknown;
}

function messagesOf(error: unknown): string[] {
  if (error === null || error === undefined) return [];
  if (typeof error === 'string') return [error];
  if (Array.isArray(error)) return error.flatMap(messagesOf);
  if (typeof error !== 'object') return [String(error)];
  const e = error as ErrorLike;
  const body = e.body as
    | {
        message?: unknown;
        output?: { errors?: { message?: unknown }[]; fieldErrors?: Record<string, { message?: unknown }[]> };
      }
    | { message?: unknown }[]
    | undefined;
  if (Array.isArray(body)) return body.map((b) => String(b.message ?? '')).filter(Boolean);
  if (body && typeof body === 'object') {
    const out: string[] = [];
    for (const pageError of body.output?.errors ?? []) if (pageError.message) out.push(String(pageError.message));
    for (const list of Object.values(body.output?.fieldErrors ?? {}))
      for (const fieldError of list) if (fieldError.message) out.push(String(fieldError.message));
    if (out.length) return out;
    if (typeof body.message === 'string' && body.message) return [body.message];
  }
  if (typeof e.message === 'string' && e.message) return [e.message];
  if (typeof e.statusText === 'string' && e.statusText) return [e.statusText];
  return [];
}

/**
 * Turns LDS, UI API and JavaScript errors (one or many) into a de-duplicated list of messages.
 * @example
 * reduceErrors({ body: { message: 'Insufficient access' } }); // ['Insufficient access']
 */
export function reduceErrors(errors: unknown): string[] {
  return [...new Set(messagesOf(errors))];
}

/**
 * {@link reduceErrors}, or undefined when there is nothing to say (a template shows the block only then).
 * @example errorMessages(undefined) // undefined
 */
export function errorMessages(errors: unknown): string[] | undefined {
  const messages = reduceErrors(errors);
  return messages.length ? messages : undefined;
}
