/**
 * @module
 * Dataverse writes decimals and money as JSON numbers at the column's precision (`1250.5000`,
 * a quantity `2.00000`), in Web API rows and in webhook bodies alike. `JSON.parse` would turn them
 * into binary floating point; here a number keeps its source text (ES2025 JSON.parse source text
 * access) whenever it is not a plain safe integer, so `1250.5000` arrives as the string
 * `"1250.5000"` and `3` (a choice value, an integer column, a version number) stays the number 3.
 * Mapping reads amounts through `decimalText`, which accepts both.
 */

/**
 * @example parseDataverseJson('{"amount":1250.5000,"statecode":0}') // { amount: '1250.5000', statecode: 0 }
 */
export function parseDataverseJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
    if (typeof value !== 'number') return value;
    const source = context?.source ?? String(value);
    return /^-?\d+$/.test(source) && Number.isSafeInteger(value) ? value : source;
  });
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * A decimal as exact text, from what `parseDataverseJson` gave; undefined for anything else
 * (null, an exponent form, a non-number).
 * @example decimalText('12.5000') // '12.5000'
 * @example decimalText(3) // '3'
 */
export function decimalText(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : undefined;
  return typeof v === 'string' && DECIMAL.test(v) ? v : undefined;
}
