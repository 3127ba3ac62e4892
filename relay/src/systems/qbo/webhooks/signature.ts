/**
 * @module
 * Intuit signs each webhook delivery: `intuit-signature` is base64(HMAC-SHA256(raw body, the app's
 * verifier token)), the same for both payload formats. Checked on the raw bytes, before anything
 * is parsed, in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * @example signatureValid(body, req.header('intuit-signature'), config.qbo.webhookVerifierToken)
 */
export function signatureValid(body: Uint8Array, signature: string | undefined, verifierToken: string): boolean {
  if (!signature || !/^[A-Za-z0-9+/]{43}=$/.test(signature.trim())) return false;
  const expected = createHmac('sha256', verifierToken).update(body).digest();
  const given = Buffer.from(signature.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
