/**
 * @module
 * JSON without binary floating point: request bodies are parsed keeping each number's source text
 * (`JsonNumber`), and decimal/money values are written back as raw number text (`5000000.0000`),
 * as Dataverse prints them.
 */

/** A JSON number as it was written. */
export class JsonNumber {
  readonly source: string;
  constructor(source: string) {
    this.source = source;
  }
}

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

/** `JSON.parse` whose numbers come back as `JsonNumber`; throws SyntaxError on bad JSON. */
export function parseJson(text: string): unknown {
  const reviver: Reviver = (_key, value, context) =>
    typeof value === 'number' ? new JsonNumber(context?.source ?? String(value)) : value;
  return JSON.parse(text, reviver as (key: string, value: unknown) => unknown);
}

/** A number written verbatim into JSON output. */
export class RawNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

const rawJSON = (JSON as unknown as { rawJSON: (text: string) => unknown }).rawJSON;

/** `JSON.stringify` that writes `RawNumber`s as their text. */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof RawNumber ? rawJSON(v.text) : v));
}
