/**
 * Refresh tokens rotate, and a rotated one is dead at once: relays sharing a PostgreSQL store must
 * never both refresh. Here the access token has expired and the refresh token is due to rotate when
 * a relay and two other processes all need a token at the same moment: exactly one refresh reaches
 * Intuit, every process gets the new access token, nobody sees `invalid_grant`, and the refresh
 * token left in the store is the live one (the next day's refresh works).
 */
import { spawn } from 'node:child_process';
import { postgresEnabled, testBackends } from '../qbwc/support/stores.ts';
import { startQboRelay, type QboRelay } from './support/qbo-relay.ts';

const DAY = 86_400_000;

interface Outcome {
  readonly ok: boolean;
  readonly token?: string;
  readonly code?: string;
  readonly reauthorize?: string;
}

/** Another process asking the shared store for a current token. */
function otherProcess(r: QboRelay, connectionId: string, schema: string): Promise<Outcome> {
  const options = {
    url: process.env.TEST_DATABASE_URL,
    schema,
    dataDir: r.config.store.dataDir,
    connectionId,
    tokenUrl: r.config.qbo!.tokenUrl,
    clientId: r.config.qbo!.clientId,
    clientSecret: r.config.qbo!.clientSecret,
    offsetMs: r.qbo.clock.now() - Date.now(),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['test/relay/support/refresh-tokens.ts', JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Outcome) : reject(new Error(`refresh process exited ${code}: ${out}`)),
    );
  });
}

const postgres = testBackends().find((b) => b.name === 'postgres');
(postgresEnabled ? describe : describe.skip)('QuickBooks Online token rotation across processes (PostgreSQL)', () => {
  it('three processes need a token at once: one refresh, one live refresh token, no invalid_grant', async () => {
    const store = await postgres!.open();
    const schema = store.location.kind === 'postgres' ? store.location.schema! : '';
    const r = await startQboRelay({ store });
    try {
      await r.connect();
      await r.settle();
      const [company] = await store.db.query<{ id: string }>('SELECT connection_id AS id FROM qbo_companies');
      const id = company!.id;
      const issuedBefore = r.qbo.oauth.issued;

      r.qbo.clock.advance(DAY + 3_600_000); // the access token expired; the refresh token rotates on its next use
      r.qbo.company(r.qbo.realmIds[0]!).create('Customer', { DisplayName: 'Rotation Day Ltd' });
      const [a, b] = await Promise.all([otherProcess(r, id, schema), otherProcess(r, id, schema), r.settle()]);

      expect(a).toMatchObject({ ok: true });
      expect(b).toMatchObject({ ok: true });
      expect(a.token).toBe(b.token);
      expect(r.qbo.oauth.issued - issuedBefore).toBe(1);
      expect(r.qbo.oauth.check(a.token!)).toMatchObject({ realmId: r.qbo.realmIds[0] });
      expect(r.org.org.records('Account').map((x) => x.Name)).toContain('Rotation Day Ltd');
      const [connection] = await store.db.query<{ health_status: string }>(
        'SELECT health_status FROM connections WHERE id = $1',
        [id],
      );
      expect(connection?.health_status).not.toBe('reauthorize');

      // The next day: the refresh token in the store is the one Intuit holds live.
      r.qbo.clock.advance(DAY + 3_600_000);
      const next = await otherProcess(r, id, schema);
      expect(next).toMatchObject({ ok: true });
      expect(next.token).not.toBe(a.token);
      expect(r.qbo.oauth.issued - issuedBefore).toBe(2);
    } finally {
      await r.close();
      await store.close();
    }
  });
});
