/**
 * @module
 * Connecting a QuickBooks Online company, once Intuit's callback has brought back a code: the code
 * is exchanged for tokens, the company is read (its name and home currency), and one transaction
 * stores the connection, its realm, its tokens (encrypted) and its link to the org, clearing any
 * Needs Reauthorization. A company connected again keeps its connection and where reading stood.
 * The first sync starts at the feed's next round (`full_read_at` is null for a new company).
 */
import { randomUUID } from 'node:crypto';
import type { QboConfig } from '../../config.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import type { Store } from '../../store/index.ts';
import type { SecretsRepo } from '../../store/secrets.ts';
import { topologyRepo } from '../../store/topology.ts';
import { SYNC_ORDER } from '../../sync/model.ts';
import { companyFacts } from './company-facts.ts';
import { exchangeCode } from './oauth/token-endpoint.ts';
import { qboCompaniesRepo } from './store/companies.ts';
import { expiriesOf, SECRET } from './tokens.ts';

export interface Connected {
  readonly connectionId: string;
  readonly companyName: string;
  readonly realmId: string;
  readonly reconnected: boolean;
}

export interface ConnectDeps {
  readonly config: QboConfig;
  readonly store: Store;
  readonly secrets: SecretsRepo;
  readonly now: () => number;
}

/** @example await connectCompany(deps, { code, realmId }) */
export async function connectCompany(
  d: ConnectDeps,
  { code, realmId }: { code: string; realmId: string },
): Promise<Result<Connected>> {
  const at = d.now();
  const tokens = await exchangeCode({
    tokenUrl: d.config.tokenUrl,
    clientId: d.config.clientId,
    clientSecret: d.config.clientSecret,
    code,
    redirectUri: d.config.redirectUri,
  });
  if (!tokens.ok) return tokens;
  const facts = await companyFacts({ apiUrl: d.config.apiUrl, realmId, accessToken: tokens.value.accessToken });
  if (!facts.ok) return err(facts.error);
  const existing = await qboCompaniesRepo(d.store.db, d.now).byRealm(realmId);
  const connectionId = existing?.connectionId ?? randomUUID();
  await d.store.transaction(async (tx) => {
    const topology = topologyRepo(tx.db, d.now);
    await topology.ensureConnection({
      id: connectionId,
      system: 'qbo',
      label: facts.value.companyName,
      settings: { realmId },
    });
    const companies = qboCompaniesRepo(tx.db, d.now);
    await companies.connect(connectionId, realmId, expiriesOf(tokens.value, at));
    await companies.noteCompany(connectionId, facts.value);
    const secrets = d.secrets.within(tx.db);
    await secrets.put(connectionId, SECRET.access, tokens.value.accessToken);
    await secrets.put(connectionId, SECRET.refresh, tokens.value.refreshToken);
    await tx.connections.setHealth(connectionId, 'ok', null, null);
    await tx.connections.pause(connectionId, null);
    await tx.connections.touchContact({ id: connectionId }, at);
    for (const crm of await topology.connections('salesforce')) {
      const linkId = await topology.ensureLink(connectionId, crm.id);
      await topology.ensureFlow({
        linkId,
        sourceConnectionId: connectionId,
        targetConnectionId: crm.id,
        objects: SYNC_ORDER,
      });
    }
  });
  return ok({ connectionId, companyName: facts.value.companyName, realmId, reconnected: existing !== undefined });
}
