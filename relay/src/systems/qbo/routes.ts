/**
 * @module
 * QuickBooks Online's HTTP endpoints.
 * - `GET /qbo/connect?token=…`: a one-time connect link an admin was given; redeemed once for an
 *   OAuth state, then a redirect to Intuit's authorization page.
 * - `GET /qbo/callback`: Intuit sends the admin back with a code and the state; the state is
 *   consumed once, the code exchanged and the company connected (`connect.ts`). Every refusal is a
 *   page in words, and nothing is stored.
 * - `POST /qbo/webhooks`: the signature is checked on the raw body before anything else; the
 *   notices are only stored (answered well within Intuit's 3 seconds) and fetched by the feed.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { QboConfig } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Store } from '../../store/index.ts';
import type { SecretsRepo } from '../../store/secrets.ts';
import { connectCompany } from './connect.ts';
import { authorizeUrl } from './oauth/authorize-url.ts';
import { page } from './pages.ts';
import { qboChangesRepo } from './store/changes.ts';
import { qboCompaniesRepo } from './store/companies.ts';
import { connectTokensRepo } from './store/connect-tokens.ts';
import { parseNotices } from './webhooks/notices.ts';
import { signatureValid } from './webhooks/signature.ts';

/** Intuit sends at most 100 events, about 1 MB, in one delivery. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export interface QboRouteDeps {
  readonly config: QboConfig | undefined;
  readonly log: Logger;
  readonly store?: Store;
  readonly secrets?: SecretsRepo;
  readonly now?: () => number;
}

const problem = (code: string, message: string) => ({ error: { code, message } });

/** @example app.route('/', qboRoutes({ config: config.qbo, log, store, secrets })); */
export function qboRoutes(d: QboRouteDeps): Hono {
  const app = new Hono();
  const now = d.now ?? Date.now;
  const notConfigured = page(
    'QuickBooks Online is not set up',
    'This relay has no Intuit app configured (QBO_CLIENT_ID, QBO_CLIENT_SECRET, QBO_WEBHOOK_VERIFIER_TOKEN).',
  );

  app.get('/qbo/connect', async (c) => {
    if (!d.config || !d.store) return c.html(notConfigured, 503);
    const token = c.req.query('token');
    if (!token) return c.html(page('Connect link incomplete', 'This link has no connect token in it.'), 400);
    const state = await connectTokensRepo(d.store.db, now).redeem(token);
    if (!state.ok) return c.html(page('This connect link cannot be used', state.error.message), 400);
    return c.redirect(
      authorizeUrl({
        authorizeUrl: d.config.authorizeUrl,
        clientId: d.config.clientId,
        redirectUri: d.config.redirectUri,
        state: state.value,
      }),
      302,
    );
  });

  app.get('/qbo/callback', async (c) => {
    if (!d.config || !d.store || !d.secrets) return c.html(notConfigured, 503);
    const { code, state, realmId, error } = c.req.query();
    if (!state) return c.html(page('Sign-in incomplete', 'Intuit sent no state back: open a new connect link.'), 400);
    const consumed = await connectTokensRepo(d.store.db, now).consumeState(state);
    if (!consumed.ok) return c.html(page('This sign-in cannot be completed', consumed.error.message), 400);
    if (error)
      return c.html(
        page('Nothing was connected', `QuickBooks Online did not connect the company (${error}). Nothing was stored.`),
        400,
      );
    if (!code || !realmId || !/^\d{1,32}$/.test(realmId))
      return c.html(page('Sign-in incomplete', 'Intuit sent no authorization code or company ID back.'), 400);
    const connected = await connectCompany(
      { config: d.config, store: d.store, secrets: d.secrets, now },
      { code, realmId },
    );
    if (!connected.ok) {
      d.log.warn('a QuickBooks Online company could not be connected', { code: connected.error.code, realmId });
      return c.html(page('The company could not be connected', `${connected.error.message} Nothing was stored.`), 502);
    }
    const { companyName, reconnected } = connected.value;
    d.log.info('QuickBooks Online company connected', { realmId, connection: connected.value.connectionId });
    return c.html(
      page(
        `${companyName} is connected`,
        reconnected
          ? `QuickBooks Online company ${companyName} (company ID ${realmId}) is connected again; syncing resumes where it stopped.`
          : `QuickBooks Online company ${companyName} (company ID ${realmId}) is connected. Its first sync has started; you can close this page.`,
      ),
      200,
    );
  });

  app.post(
    '/qbo/webhooks',
    bodyLimit({
      maxSize: MAX_WEBHOOK_BYTES,
      onError: (c) =>
        c.json(problem('qbo_webhook_too_large', `A webhook delivery is at most ${MAX_WEBHOOK_BYTES} bytes.`), 413),
    }),
    async (c) => {
      if (!d.config || !d.store) return c.json(problem('qbo_not_configured', 'QuickBooks Online is not set up.'), 503);
      const raw = new Uint8Array(await c.req.arrayBuffer());
      if (!signatureValid(raw, c.req.header('intuit-signature'), d.config.webhookVerifierToken))
        return c.json(problem('qbo_webhook_signature', 'The intuit-signature header does not match the body.'), 401);
      const notices = parseNotices(new TextDecoder().decode(raw));
      if (!notices.ok) return c.json(problem(notices.error.code, notices.error.message), 400);
      const store = d.store;
      const companies = qboCompaniesRepo(store.db, now);
      const connections = new Map<string, string | undefined>();
      for (const n of notices.value) {
        if (!connections.has(n.realmId)) connections.set(n.realmId, (await companies.byRealm(n.realmId))?.connectionId);
      }
      const known = notices.value.flatMap((n) => {
        const connectionId = connections.get(n.realmId);
        if (!connectionId) return [];
        const notice = { connectionId, entity: n.entity, entityId: n.entityId, changedAt: n.changedAt };
        return [
          { ...notice, operation: n.operation, eventKey: n.eventKey },
          ...(n.mergedAwayId
            ? [{ ...notice, entityId: n.mergedAwayId, operation: 'Delete', eventKey: `${n.eventKey}:merged` }]
            : []),
        ];
      });
      const fresh = await store.db.transaction((tx) => qboChangesRepo(tx, now).note(known));
      const ignored = notices.value.length - notices.value.filter((n) => connections.get(n.realmId)).length;
      if (ignored > 0) d.log.info('webhook notices for companies not connected were ignored', { ignored });
      return c.json({ received: fresh, duplicates: known.length - fresh, ignored }, 200);
    },
  );

  return app;
}
