/**
 * @module
 * Dataverse JSON without binary floating point, for the client and the mapping alike. Dataverse
 * writes decimals and money as JSON numbers at the column's precision (`1250.5000`, a quantity
 * `2.00000`), in Web API answers and webhook bodies. {@link parseExactJson} keeps such a number's
 * source text (ES2025 JSON.parse source text access) whenever it is not a plain safe integer, so
 * `1250.5000` arrives as the string `"1250.5000"` and `3` (a choice value, an integer column, a
 * version number) stays the number 3. Mapping reads amounts through {@link decimalText}, which
 * accepts both, and request bodies carry exact decimals with {@link exactNumber}.
 */
import type { DataverseJson } from './types.ts';

/**
 * @example parseExactJson('{"amount":1250.5000,"statecode":0}') // { amount: '1250.5000', statecode: 0 }
 */
export function parseExactJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
    if (typeof value !== 'number') return value;
    const source = context?.source ?? String(value);
    return /^-?\d+$/.test(source) && Number.isSafeInteger(value) ? value : source;
  });
}

/** A JSON object, or undefined when the value is not one. @example asObject([1]) // undefined */
export const asObject = (value: unknown): DataverseJson | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as DataverseJson) : undefined;

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * A decimal as exact text, from what `parseExactJson` gave; undefined for anything else
 * (null, an exponent form, a non-number).
 * @example decimalText('12.5000') // '12.5000'
 * @example decimalText(3) // '3'
 */
export function decimalText(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : undefined;
  return typeof v === 'string' && DECIMAL.test(v) ? v : undefined;
}

/** A decimal written into a request body as a JSON number with exactly this text (`JSON.rawJSON`). */
export interface ExactNumber {
  readonly rawJSON: string;
}

const rawJSON = (JSON as unknown as { rawJSON: (text: string) => ExactNumber }).rawJSON;

/**
 * Dataverse takes decimal and money columns only as JSON numbers: this one keeps its digits.
 * @example JSON.stringify({ amount: exactNumber('1250.50') }) // '{"amount":1250.50}'
 */
export function exactNumber(text: string): ExactNumber {
  if (!DECIMAL.test(text)) throw new Error(`Not a decimal number: "${text}"`);
  return rawJSON(text);
}
