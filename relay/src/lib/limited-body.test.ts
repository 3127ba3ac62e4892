import { readLimitedBody } from './limited-body.ts';

/** A request whose body arrives in the given chunks, with no Content-Length (as chunked bodies come). */
function chunked(chunks: string[], fail = false): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      if (fail) controller.error(new Error('connection reset'));
      else controller.close();
    },
  });
  return new Request('http://relay.test/in', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

describe('readLimitedBody', () => {
  test('reads a body up to the limit, byte for byte', async () => {
    const r = await readLimitedBody(chunked(['12345', '67890']), 10);
    expect(r.ok && new TextDecoder().decode(r.bytes)).toBe('1234567890');
  });

  test('refuses a declared length over the limit before reading', async () => {
    const req = new Request('http://relay.test/in', {
      method: 'POST',
      headers: { 'content-length': '11' },
      body: 'x'.repeat(11),
    });
    expect(await readLimitedBody(req, 10)).toEqual({ ok: false, reason: 'too_large' });
  });

  test('stops a chunked body as soon as it passes the limit', async () => {
    expect(await readLimitedBody(chunked(['123456', '78901']), 10)).toEqual({ ok: false, reason: 'too_large' });
  });

  test('a body cut off midway is unreadable, with its cause', async () => {
    const r = await readLimitedBody(chunked(['123'], true), 10);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe('unreadable');
  });

  test('no body is an empty one', async () => {
    const r = await readLimitedBody(new Request('http://relay.test/in', { method: 'POST' }), 10);
    expect(r.ok && r.bytes.byteLength).toBe(0);
  });
});
