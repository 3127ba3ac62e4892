/**
 * @module
 * A request body read to at most a limit, for the routes that take bodies from the outside (the
 * Web Connector's SOAP, Dynamics' webhooks): a declared `Content-Length` over the limit is refused
 * before a byte is read, and a body that turns out longer (chunked, or a length that lied) is
 * cancelled as soon as it passes the limit. Each route words its own refusal.
 */

export type LimitedBody =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly reason: 'too_large' | 'unreadable'; readonly cause?: unknown };

/**
 * @example const body = await readLimitedBody(c.req.raw, 1024 * 1024); // { ok: false, reason: 'too_large' } past 1 MiB
 */
export async function readLimitedBody(request: Request, limit: number): Promise<LimitedBody> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, reason: 'too_large' };
  if (!request.body) return { ok: true, bytes: new Uint8Array() };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: 'too_large' };
      }
      chunks.push(value);
    }
  } catch (cause) {
    return { ok: false, reason: 'unreadable', cause };
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}
