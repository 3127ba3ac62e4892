/**
 * @module
 * Conductor's JSON without binary floating point. Conductor sends money as decimal strings already
 * (`"1000.00"`); quantities and other measures are JSON numbers, so {@link parseJson} keeps any
 * number that is not a plain safe integer as its source text (ES2025 JSON.parse source text
 * access): `2.50000` arrives as the string `"2.50000"`, `3` stays the number 3.
 */

/**
 * The value of a JSON text, or undefined when it is not JSON.
 * @example parseJson('{"quantity":2.5,"sublevel":0,"balance":"10.00"}') // { quantity: '2.5', sublevel: 0, balance: '10.00' }
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
      if (typeof value !== 'number') return value;
      const source = context?.source ?? String(value);
      return /^-?\d+$/.test(source) && Number.isSafeInteger(value) ? value : source;
    });
  } catch {
    return undefined;
  }
}
