/**
 * @module
 * Reads Intuit's faults out of an answer, whatever shape they come in
 * (`/work/shared/spec/qbo/samples/errors`, reference §1.4, §2.7):
 * - `{"Fault":{"Error":[{Message,Detail,code,element}],"type":"ValidationFault"}}` (400s);
 * - the gateway's lower-case `{"fault":{"error":[{message,detail,code,element}],"type":"AUTHENTICATION"}}` (401/403);
 * - XML `<IntuitResponse><Fault type><Error code element><Message/><Detail/></Error></Fault></IntuitResponse>`,
 *   which QuickBooks sends for throttling and some auth failures even when JSON was asked for;
 * - faults inside a 200: a wrapper array such as `AttachableResponse:[{Fault}]`. Batch items are
 *   read per item by `batch.ts`, not here.
 * Keys are matched case-insensitively throughout.
 */
import { XMLParser } from 'fast-xml-parser';
import { asObject } from './json.ts';
import type { QboFault, QboJson } from './types.ts';

/** A key of `obj` whatever its case (`Fault`/`fault`, `Error`/`error`). */
export function field(obj: QboJson, name: string): unknown {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

function fault(code: unknown, message: unknown, detail: unknown, element: unknown, type: unknown): QboFault {
  const out: { -readonly [K in keyof QboFault]: QboFault[K] } = {
    code: text(code) ?? '',
    message: text(message) ?? '',
  };
  const d = text(detail);
  const e = text(element);
  const t = text(type);
  if (d !== undefined) out.detail = d;
  if (e !== undefined) out.element = e;
  if (t !== undefined) out.type = t;
  return out;
}

/** The errors of one `Fault` (or `fault`) object; [] when it is not one. */
export function faultsOf(value: unknown): QboFault[] {
  const f = asObject(value);
  if (!f) return [];
  const errors = field(f, 'Error');
  const list = Array.isArray(errors) ? errors : errors === undefined || errors === null ? [] : [errors];
  return list
    .map(asObject)
    .filter((e): e is QboJson => e !== undefined)
    .map((e) =>
      fault(field(e, 'code'), field(e, 'Message'), field(e, 'Detail'), field(e, 'element'), field(f, 'type')),
    );
}

/**
 * The faults a JSON answer carries: a top-level `Fault`/`fault`, or the first faulted item of a
 * `…Response` array (`AttachableResponse`); `BatchItemResponse` is left to the batch reader.
 * @example faultsInJson({ Fault: { Error: [{ code: '6240', Message: 'Duplicate Name Exists Error' }] } })[0].code // '6240'
 */
export function faultsInJson(body: unknown): QboFault[] {
  const obj = asObject(body);
  if (!obj) return [];
  const top = faultsOf(field(obj, 'Fault'));
  if (top.length) return top;
  for (const [key, value] of Object.entries(obj)) {
    if (!/response$/i.test(key) || /^batchitemresponse$/i.test(key) || !Array.isArray(value)) continue;
    for (const item of value) {
      const inner = asObject(item);
      const found = inner ? faultsOf(field(inner, 'Fault')) : [];
      if (found.length) return found;
    }
  }
  return [];
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'Error',
});

/** The faults of an XML `IntuitResponse`; [] when the text is not one (or not XML at all). */
export function faultsInXml(body: string): QboFault[] {
  let doc: unknown;
  try {
    doc = xml.parse(body);
  } catch {
    return [];
  }
  const response = asObject(asObject(doc)?.IntuitResponse);
  const f = asObject(response?.Fault);
  const errors = f?.Error;
  if (!f || !Array.isArray(errors)) return [];
  return errors
    .map(asObject)
    .filter((e): e is QboJson => e !== undefined)
    .map((e) => fault(e['@code'], e.Message, e.Detail, e['@element'], f['@type']));
}
