import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './lib/logger.ts';

const quiet = createLogger({ level: 'silent' });

describe('relay app', () => {
  it('answers /health with 503 until ready, then 200', async () => {
    let ready = false;
    const app = createApp({ config: loadConfig({}), log: quiet, isReady: () => ready, version: 't' });
    expect((await app.request('/health')).status).toBe(503);
    ready = true;
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: 't', store: 'embedded' });
  });

  it('answers unknown routes with the error envelope', async () => {
    const app = createApp({ config: loadConfig({}), log: quiet, isReady: () => true, version: 't' });
    const res = await app.request('/nope', { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No route for POST /nope' } });
  });
});

describe('relay health with a store', () => {
  it('reports what the relay still owes', async () => {
    const { openStore } = await import('./store/index.ts');
    const store = await openStore({ kind: 'embedded', file: ':memory:' });
    try {
      const app = createApp({ config: loadConfig({}), log: quiet, isReady: () => true, version: 't', store });
      const res = await app.request('/health');
      expect(await res.json()).toEqual({
        status: 'ok',
        version: 't',
        store: 'embedded',
        sync: { pendingPayloads: 0, pendingWrites: 0, failedWrites: 0, runningRuns: 0 },
      });
    } finally {
      await store.close();
    }
  });
});
