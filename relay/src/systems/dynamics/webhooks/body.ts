/**
 * @module
 * A webhook delivery's body, read only once its key was checked, and never more than the limit:
 * a declared `Content-Length` over it is refused before a byte is read, and a body that turns out
 * longer (chunked, or a length that lied) is cancelled as soon as it passes the limit.
 */
import { err, ok, relayError, type Result } from '../../../lib/result.ts';

/**
 * @example const body = await readBody(c.req.raw, 1024 * 1024); // err dyn_webhook_too_large past 1 MiB
 */
export async function readBody(request: Request, limit: number): Promise<Result<Uint8Array>> {
  const tooLarge = () => err(relayError('dyn_webhook_too_large', `A webhook delivery is at most ${limit} bytes.`));
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return tooLarge();
  if (!request.body) return ok(new Uint8Array());
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
        return tooLarge();
      }
      chunks.push(value);
    }
  } catch (cause) {
    return err(relayError('dyn_webhook_unreadable', 'The webhook body could not be read to its end.', { cause }));
  }
  return ok(Buffer.concat(chunks));
}
