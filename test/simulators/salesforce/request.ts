/**
 * @module
 * The shape every handler receives: a REST request below `/services/data/vXX.X`, decoded once.
 */
import { RestError } from './errors.ts';

export interface SimRequest {
  readonly method: string;
  /** Path below the version root, e.g. `/sobjects/Account/QuickBooks_Customer_Id__c/C-1`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  /** Raw body text ('' when none). */
  readonly text: string;
  /** `67.0` */
  readonly version: string;
}

/** The body as JSON, or a 400 `JSON_PARSER_ERROR` as the org answers malformed JSON. */
export function jsonBody<T = Record<string, unknown>>(req: SimRequest): T {
  try {
    return JSON.parse(req.text) as T;
  } catch (e) {
    throw new RestError(400, 'JSON_PARSER_ERROR', `Unexpected character in request body: ${(e as Error).message}`);
  }
}

/** Path segments, URL-decoded. */
export const segments = (path: string): string[] =>
  path
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
