/**
 * @module
 * The webhook key check, run on the request before its body is parsed. Dataverse sends the key the
 * service endpoint holds (register-web-hook.md): as `?code=<key>` (WebhookKey) or in a header
 * (HttpHeader, `<settings><setting name=… value=…/></settings>`). The relay keeps only the key's
 * SHA-256 digest for the check and compares digests in constant time, so neither the key's length
 * nor its first differing byte shows in the timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { DEFAULT_KEY_HEADER } from '../provision/webhook-plan.ts';

export interface KeyLocation {
  /** `WebhookKey` (default): the `code` query parameter; `HttpHeader`: the header `headerName`. */
  readonly auth?: 'WebhookKey' | 'HttpHeader';
  readonly headerName?: string;
}

/**
 * The digest the check compares against; computed once from the configured key.
 * @example const expected = webhookKeyDigest(config.dynamics.webhookKey);
 */
export function webhookKeyDigest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * Whether the request carries the key, where the endpoint was told to send it.
 * @example webhookKeyValid({ url: c.req.url, header: (n) => c.req.header(n) }, expected, { auth: 'WebhookKey' })
 */
export function webhookKeyValid(
  request: { readonly url: string; readonly header: (name: string) => string | undefined },
  expected: Buffer,
  where: KeyLocation = {},
): boolean {
  const given =
    where.auth === 'HttpHeader'
      ? request.header(where.headerName ?? DEFAULT_KEY_HEADER)
      : new URL(request.url, 'http://relay.invalid').searchParams.get('code');
  if (!given) return false;
  return timingSafeEqual(webhookKeyDigest(given), expected);
}
