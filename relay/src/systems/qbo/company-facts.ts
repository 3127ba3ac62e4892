/**
 * @module
 * What the relay learns of a company when it connects (and each full read): its name, from
 * `CompanyInfo`, and its home currency, from `Preferences.CurrencyPrefs` — the currency of every
 * amount that names none.
 */
import { err, ok, relayError, type Result } from '../../lib/result.ts';
import { createQboClient } from './api/client.ts';
import type { QboClient } from './api/types.ts';
import { readCompanyInfo, readPreferences } from './mapping/company.ts';

export interface CompanyFacts {
  readonly companyName: string;
  readonly homeCurrency: string;
}

/** Reads a company's facts through a client. */
export async function readCompanyFacts(client: QboClient): Promise<Result<CompanyFacts>> {
  const info = await client.companyInfo();
  if (!info.ok) return info;
  const prefs = await client.preferences();
  if (!prefs.ok) return prefs;
  const name = readCompanyInfo(info.value);
  if (!name.ok) return name;
  const currency = readPreferences(prefs.value);
  if (!currency.ok) return currency;
  return ok({ companyName: name.value.companyName, homeCurrency: currency.value.homeCurrency });
}

/** With a fresh access token (before it is stored): the callback's read. */
export function companyFacts({
  apiUrl,
  realmId,
  accessToken,
}: {
  apiUrl: string;
  realmId: string;
  accessToken: string;
}): Promise<Result<CompanyFacts>> {
  const client = createQboClient({
    baseUrl: apiUrl,
    realmId,
    tokens: {
      current: async () => ok(accessToken),
      renew: async () =>
        err(relayError('qbo_unauthorized', 'QuickBooks Online refused the access token it has just issued.')),
    },
  });
  return readCompanyFacts(client);
}
