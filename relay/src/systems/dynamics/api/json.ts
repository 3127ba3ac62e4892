/**
 * @module
 * Dataverse JSON without binary floating point. Answers print money and decimals as numbers
 * (`"revenue": 5000000.0000`); {@link parseExactJson} keeps every number as the exact text it was
 * sent as (ES2025 JSON.parse source text access), so mapping reads `'5000000.0000'`. Request bodies
 * carry exact decimals the other way with {@link jsonDecimal}, written verbatim by `JSON.stringify`.
 */
import type { DataverseJson } from './types.ts';

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;
const keepSource: Reviver = (_key, value, context) =>
  typeof value === 'number' && context?.source !== undefined ? context.source : value;

/**
 * Parses JSON text with every number as its source text.
 * @example parseExactJson('{"revenue":5000000.0000}') // { revenue: '5000000.0000' }
 */
export function parseExactJson(text: string): unknown {
  return JSON.parse(text, keepSource as (key: string, value: unknown) => unknown);
}

/** A JSON object, or undefined when the value is not one. @example asObject([1]) // undefined */
export const asObject = (value: unknown): DataverseJson | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as DataverseJson) : undefined;

const rawJSON = (JSON as unknown as { rawJSON: (text: string) => unknown }).rawJSON;
const DECIMAL_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * A decimal for a request body, written as a JSON number with exactly these digits.
 * @example JSON.stringify({ revenue: jsonDecimal('1234.50') }) // '{"revenue":1234.50}'
 */
export function jsonDecimal(text: string): unknown {
  if (!DECIMAL_TEXT.test(text)) throw new Error(`Not a decimal number: ${JSON.stringify(text)}`);
  return rawJSON(text);
}
