/**
 * @module
 * Intuit's JSON carries amounts as numbers (`"Amount": 100.10`). `JSON.parse` would turn them into
 * binary floating point; here every number keeps the exact text it was sent as, a decimal string
 * (`"100.10"`), through the reviver's source text (ES2025 JSON.parse source text access). Mapping
 * reads amounts, quantities and rates as those strings; re-serialised, a page stores them as strings.
 */
import type { QboJson } from './types.ts';

/**
 * Parses JSON text with every number as its source text.
 * @example parseExactJson('{"Amount":100.10}') // { Amount: '100.10' }
 */
export function parseExactJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === 'number' && context?.source !== undefined ? context.source : value,
  );
}

/** A JSON object, or undefined when the value is not one. */
export const asObject = (value: unknown): QboJson | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as QboJson) : undefined;
