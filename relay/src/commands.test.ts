import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHarness, TEST_CLIENT_ID, TEST_SECRET, type Harness } from '../../test/simulators/salesforce/harness.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './lib/logger.ts';
import { runPing } from './ping-command.ts';
import { openStore, storeLocation } from './store/index.ts';
import { LOGGED_WRITE, outboxRepo } from './store/outbox.ts';
import { runReplay } from './replay-command.ts';

const quiet = createLogger({ level: 'silent' });

describe('ledgerbridge ping and replay', () => {
  let dir: string;
  let sf: Harness;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-cmd-'));
    sf = await startHarness();
  });
  afterEach(async () => {
    await sf.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const env = (extra: Record<string, string> = {}) =>
    loadConfig({ LEDGERBRIDGE_DATA_DIR: dir, QBWC_USERNAME: 'acme', QBWC_PASSWORD: 'pw-1', ...extra });
  const ping = async (config: ReturnType<typeof loadConfig>) => {
    let text = '';
    const code = await runPing(config, quiet, (s) => (text += s));
    return { code, text };
  };

  it('says what is missing and how to fix it, and passes once everything is in place', async () => {
    const bare = await ping(env());
    expect(bare.code).toBe(1);
    expect(bare.text).toMatch(/^ok {3}Store: embedded/m);
    expect(bare.text).toMatch(/FAIL QuickBooks Desktop: No Web Connector connection yet: set QBWC_USERNAME/);
    expect(bare.text).toMatch(/FAIL Salesforce: Not configured: set SF_LOGIN_URL/);

    const sfEnv = { SF_LOGIN_URL: sf.sim.url, SF_CLIENT_ID: TEST_CLIENT_ID };
    const wrong = await ping(env({ ...sfEnv, SF_CLIENT_SECRET: 'not-the-secret' }));
    expect(wrong.text).toMatch(/FAIL Salesforce: .*Check SF_CLIENT_ID and SF_CLIENT_SECRET/);
    expect(wrong.text).not.toContain('not-the-secret');

    const config = env({ ...sfEnv, SF_CLIENT_SECRET: TEST_SECRET });
    const store = await openStore(storeLocation(config));
    await store.connections.upsert({
      id: 'acme',
      qbwcUsername: 'acme',
      passwordHash: 'x',
      ownerId: '{O}',
      fileId: '{F}',
    });
    await store.connections.touchSession('acme');
    await store.close();
    const good = await ping(config);
    expect(good.text).toMatch(/^ok {3}Salesforce: Signed in to http:\/\/127\.0\.0\.1:\d+ \(API 67\.0\)/m);
    expect(good.text).toMatch(/^ok {3}QuickBooks Desktop: Last Web Connector contact 0 minute\(s\) ago/m);
    expect(good.code).toBe(0);
  });

  it('replays failed records, all or by sync log key, and says when there is nothing to do', async () => {
    const config = env();
    const store = await openStore(storeLocation(config));
    const outbox = outboxRepo(store.db);
    for (const id of ['a', 'b']) {
      await outbox.enqueue([
        {
          id,
          connectionId: 'acme',
          flowId: 'flow-acme',
          targetConnectionId: 'salesforce',
          rank: 51,
          object: 'QuickBooks_Invoice__c',
          externalIdField: 'QuickBooks_Invoice_Id__c',
          externalId: `acme:T-${id}`,
          fields: { Name: id },
          sourceType: 'invoice',
          sourceId: `T-${id}`,
          contentHash: id,
          runId: null,
        },
      ]);
    }
    for (const item of await outbox.claim('w', 10, 60_000)) {
      await outbox.settle(item, { ok: false, code: 'sf_validation', message: 'no', retryAt: undefined });
      // The failure log the engine queues names the write it is about.
      await outbox.enqueue([
        {
          id: `log-${item.id}`,
          connectionId: 'acme',
          flowId: 'flow-acme',
          targetConnectionId: 'salesforce',
          rank: 90,
          object: 'QuickBooks_Sync_Log__c',
          externalIdField: 'Log_Key__c',
          externalId: `log key of ${item.id}`,
          fields: { Status__c: 'Failed' },
          sourceType: LOGGED_WRITE,
          sourceId: item.id,
          contentHash: item.id,
          runId: null,
        },
      ]);
    }
    await store.close();
    let text = '';
    const out = (s: string) => (text += s);
    expect(await runReplay(['--log', 'log key of a'], config, out)).toBe(0);
    expect(text).toMatch(/^1 failed record\(s\) queued for replay/);
    text = '';
    expect(await runReplay(['--failed'], config, out)).toBe(0);
    expect(text).toMatch(/^1 failed record\(s\) queued/);
    text = '';
    expect(await runReplay(['--failed'], config, out)).toBe(0);
    expect(text).toMatch(/^Nothing to replay/);
    expect(await runReplay(['--log', 'acme:Nope__c:x'], config, out)).toBe(1);
    expect(text).toMatch(/No failed write for sync log acme:Nope__c:x/);
    expect(await runReplay([], config, out)).toBe(2);
  });

  it('puts a quarantined payload back in line by its inbox id, and says when it cannot', async () => {
    const config = env();
    const store = await openStore(storeLocation(config));
    await store.connections.upsert({
      id: 'acme',
      qbwcUsername: 'acme',
      passwordHash: 'x',
      ownerId: '{O}',
      fileId: '{F}',
    });
    await store.inbox.add({
      id: 'page-1',
      connectionId: 'acme',
      sessionId: 's1',
      requestKind: 'TargetedQuery',
      requestId: 'targeted-3',
      payload: '<QBXML/>',
      status: 'quarantined',
      error: 'qbxml_invalid_identity',
      errorMessage: 'words',
    });
    await store.close();
    let text = '';
    const out = (s: string) => (text += s);
    expect(await runReplay(['--inbox', 'page-1'], config, out)).toBe(0);
    expect(text).toBe('Inbox page-1 queued to be read again; the running relay reads it on its next round.\n');
    text = '';
    expect(await runReplay(['--inbox', 'page-1'], config, out)).toBe(1);
    expect(text).toMatch(/^Inbox page-1 is not a quarantined payload/);
    const reopened = await openStore(storeLocation(config));
    try {
      expect((await reopened.inbox.list('acme')).map((i) => [i.status, i.error, i.errorMessage])).toEqual([
        ['pending', null, null],
      ]);
    } finally {
      await reopened.close();
    }
  });
});
