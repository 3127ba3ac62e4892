/**
 * Sign-in throttling against a relay on loopback sockets, with clients on several source addresses
 * (127.0.0.2, 127.0.0.3, … are loopback too): failures are counted per user name and address, so
 * someone guessing from one address never locks the real Web Connector out from another; from the
 * guessing address the right password works again once the backoff (at most 15 minutes) has passed;
 * every attempt is logged with user, address, outcome and delay, never with a password or ticket.
 */
import { createLogger } from '../../relay/src/lib/logger.ts';
import type { Store } from '../../relay/src/store/index.ts';
import type { Connection } from '../../relay/src/store/connections.ts';
import { upsertConnection } from '../../relay/src/systems/qbd/setup.ts';
import { createWebConnector } from '../simulators/qbd/webconnector/client.ts';
import { requestEnvelope } from '../simulators/qbd/webconnector/envelopes.ts';
import { emptyCompany } from './support/empty-company.ts';
import { fetchFrom } from './support/from-address.ts';
import { startTestRelay, type TestRelay } from './support/relay.ts';
import { testBackends } from './support/stores.ts';

const USER = 'acme-books';
const PASSWORD = 'correct horse battery staple';
const WRONG = 'Tr0ub4dor&3-guess';

describe.each(testBackends().map((b) => [b.name, b] as const))('sign-in throttling on %s', (_name, backend) => {
  let store: Store;
  let relay: TestRelay;
  let connection: Connection;
  let clock: number;
  let lines: string[];

  async function start(env: Record<string, string> = {}) {
    clock = Date.parse('2026-03-02T09:00:00Z');
    lines = [];
    store = await backend.open({ now: () => clock });
    connection = await upsertConnection(store, { username: USER, password: PASSWORD });
    relay = await startTestRelay({
      store,
      env,
      now: () => clock,
      log: createLogger({ level: 'info', write: (l) => lines.push(l) }),
    });
  }
  afterEach(async () => {
    await relay.close();
    await store.close();
  });

  /** authenticate from `address` (optionally claiming X-Forwarded-For); the two strings answered. */
  async function authenticate(address: string, password: string, forwardedFor?: string): Promise<string[]> {
    const res = await fetchFrom(address)(`${relay.url}/qbwc`, {
      method: 'POST',
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
      body: requestEnvelope(
        'authenticate',
        [
          ['strUserName', USER],
          ['strPassword', password],
        ],
        'document',
      ),
    });
    return [...(await res.text()).matchAll(/<string>([^<]*)<\/string>/g)].map((m) => m[1] as string);
  }
  const signedIn = (answer: string[]) => answer[1] !== 'nvu' && /^[0-9a-f-]{36}$/.test(answer[0] ?? '');
  const webConnector = (address: string) =>
    createWebConnector({
      url: `${relay.url}/qbwc`,
      username: USER,
      password: PASSWORD,
      ownerId: connection.ownerId,
      fileId: connection.fileId,
      company: emptyCompany(),
      noOpDelayMs: 0,
      fetch: fetchFrom(address),
    });
  const signInLines = () =>
    lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'qbwc sign-in');

  it('does not lock out the right password from another address while one address hammers wrong ones', async () => {
    await start();
    for (let i = 0; i < 25; i++) expect(await authenticate('127.0.0.2', WRONG)).toEqual(['', 'nvu']);
    // The guessing address is locked: there even the right password waits for the backoff.
    expect(await authenticate('127.0.0.2', PASSWORD)).toEqual(['', 'nvu']);
    const report = await webConnector('127.0.0.3').run();
    expect([report.status, report.lastError]).toEqual(['completed', undefined]);
  });

  it('lets the right password in from the throttled address once the backoff has passed, 15 minutes at most', async () => {
    await start();
    for (let i = 0; i < 5; i++) await authenticate('127.0.0.2', WRONG);
    expect(signedIn(await authenticate('127.0.0.2', PASSWORD))).toBe(false);
    clock += 29_000;
    expect(signedIn(await authenticate('127.0.0.2', PASSWORD))).toBe(false);
    clock += 2_000; // the first lock is 30 s
    expect(signedIn(await authenticate('127.0.0.2', PASSWORD))).toBe(true);

    // Guessing on and on only doubles the lock up to its cap: 15 minutes after the last failure the right password works.
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 6; i++) await authenticate('127.0.0.2', WRONG);
      clock += 60_000;
    }
    for (let i = 0; i < 200; i++) await authenticate('127.0.0.2', WRONG);
    expect(signedIn(await authenticate('127.0.0.2', PASSWORD))).toBe(false);
    clock += 15 * 60_000 + 1_000;
    expect(signedIn(await authenticate('127.0.0.2', PASSWORD))).toBe(true);
  });

  it('logs every attempt with user, address, outcome and delay, and never a password or ticket', async () => {
    await start();
    for (let i = 0; i < 5; i++) await authenticate('127.0.0.2', WRONG);
    await authenticate('127.0.0.2', PASSWORD);
    const [ticket] = await authenticate('127.0.0.3', PASSWORD);
    expect(ticket).toMatch(/^[0-9a-f-]{36}$/);
    const logged = signInLines().map(({ user, address, outcome, delayMs }) => ({ user, address, outcome, delayMs }));
    expect(logged).toEqual([
      ...[1, 2, 3, 4].map(() => ({ user: USER, address: '127.0.0.2', outcome: 'refused', delayMs: 0 })),
      { user: USER, address: '127.0.0.2', outcome: 'refused', delayMs: 30_000 },
      { user: USER, address: '127.0.0.2', outcome: 'throttled', delayMs: 30_000 },
      { user: USER, address: '127.0.0.3', outcome: 'accepted', delayMs: 0 },
    ]);
    const all = lines.join('\n');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(WRONG);
    expect(all).not.toContain(ticket);
  });

  it('throttles .qwc downloads per address too', async () => {
    await start();
    const qwc = (address: string, password: string) =>
      fetchFrom(address)(`${relay.url}/qbwc/qwc`, {
        headers: { authorization: `Basic ${Buffer.from(`${USER}:${password}`).toString('base64')}` },
      }).then((r) => r.status);
    for (let i = 0; i < 5; i++) expect(await qwc('127.0.0.2', WRONG)).toBe(401);
    expect(await qwc('127.0.0.2', PASSWORD)).toBe(429);
    expect(await qwc('127.0.0.3', PASSWORD)).toBe(200);
  });

  it('behind a trusted proxy counts the address the proxy forwarded, not what the client claimed', async () => {
    await start({ TRUST_PROXY: 'true' });
    // Every request comes from the proxy (127.0.0.1); the proxy appends the address it saw.
    for (let i = 0; i < 10; i++) await authenticate('127.0.0.1', WRONG, '203.0.113.9');
    // A client cannot escape its throttle by sending its own X-Forwarded-For: the proxy's entry is the last one.
    expect(signedIn(await authenticate('127.0.0.1', PASSWORD, '198.51.100.7, 203.0.113.9'))).toBe(false);
    expect(signedIn(await authenticate('127.0.0.1', PASSWORD, '198.51.100.7'))).toBe(true);
    expect(signInLines().at(-1)).toMatchObject({ address: '198.51.100.7', outcome: 'accepted' });
  });

  it('ignores X-Forwarded-For unless told the relay is behind a trusted proxy', async () => {
    await start();
    for (let i = 0; i < 10; i++) await authenticate('127.0.0.2', WRONG, `198.51.100.${i}`);
    expect(signedIn(await authenticate('127.0.0.2', PASSWORD, '198.51.100.200'))).toBe(false);
    expect(signInLines().at(-1)).toMatchObject({ address: '127.0.0.2', outcome: 'throttled' });
  });
});
