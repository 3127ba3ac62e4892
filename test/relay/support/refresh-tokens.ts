/**
 * @module
 * Another relay process's token refresh, for the rotation race: opens the shared PostgreSQL store
 * (and the relays' secret key), asks a company's token store for a current access token — which
 * refreshes when the stored one is about to expire — and prints the outcome as JSON on stdout.
 * Run by `qbo-token-rotation.test.ts` with `node refresh-tokens.ts '<json options>'`.
 */
import { createKeyring, loadOrCreateKey } from '../../../relay/src/lib/crypto.ts';
import { openStore } from '../../../relay/src/store/index.ts';
import { secretsRepo } from '../../../relay/src/store/secrets.ts';
import { refreshTokens } from '../../../relay/src/systems/qbo/oauth/token-endpoint.ts';
import { createTokenStore } from '../../../relay/src/systems/qbo/tokens.ts';

interface Options {
  readonly url: string;
  readonly schema: string;
  readonly dataDir: string;
  readonly connectionId: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The simulator's clock, ahead of this process's by this much. */
  readonly offsetMs: number;
  /** When (this machine's clock) to ask, so several processes ask at the same moment. */
  readonly goAt?: number;
}

const o = JSON.parse(process.argv[2]!) as Options;
const now = () => Date.now() + o.offsetMs;
const store = await openStore({ kind: 'postgres', url: o.url, schema: o.schema }, { applyMigrations: false, now });
const secrets = secretsRepo(store.db, createKeyring([loadOrCreateKey(undefined, o.dataDir).key]), now);
let reauthorize: string | undefined;
const tokens = createTokenStore({
  db: store.db,
  secrets,
  connectionId: o.connectionId,
  owner: `process-${process.pid}`,
  now,
  refresh: (refreshToken) =>
    refreshTokens({ tokenUrl: o.tokenUrl, clientId: o.clientId, clientSecret: o.clientSecret, refreshToken }),
  onReauthorize: async (why) => {
    reauthorize = why;
  },
});
// Connected and warmed up before the moment, so the processes really ask at once.
await store.db.query('SELECT COUNT(*) FROM qbo_companies');
await secrets.get(o.connectionId, 'qbo_access_token');
if (o.goAt) await new Promise((resolve) => setTimeout(resolve, Math.max(0, o.goAt! - Date.now())));
const result = await tokens.current();
await store.close();
process.stdout.write(
  JSON.stringify(result.ok ? { ok: true, token: result.value } : { ok: false, code: result.error.code, reauthorize }),
);
