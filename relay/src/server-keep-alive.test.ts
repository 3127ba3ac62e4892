/**
 * The relay keeps an idle connection open long enough for its callers: the Web Connector waits for
 * QuickBooks between two SOAP calls (a large query takes a while) and sends the next one on the
 * same connection (.NET keeps idle connections 100 s). Closed after Node's default 5 s, the next
 * call could meet a connection the relay was closing at that instant, and fail.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from './config.ts';
import { createLogger } from './lib/logger.ts';
import { startRelay, type RunningRelay } from './server.ts';

const get = (url: string, agent: http.Agent) =>
  new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
  });

describe('the relay’s HTTP server', () => {
  let dir: string;
  let relay: RunningRelay;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-keepalive-'));
    relay = await startRelay(loadConfig({ PORT: '0', LEDGERBRIDGE_DATA_DIR: dir }), createLogger({ level: 'silent' }), {
      background: false,
    });
  });
  afterAll(async () => {
    await relay.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps an idle connection open past Node’s default 5 seconds', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect(await get(`${relay.url}/health`, agent)).toMatchObject({ status: 200, reused: false });
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await get(`${relay.url}/health`, agent)).toMatchObject({ status: 200, reused: true });
    agent.destroy();
  }, 15_000);
});
