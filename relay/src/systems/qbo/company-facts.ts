/**
 * @module
 * What the relay learns of a company when it connects (and each full read): its name, from
 * `CompanyInfo`, and its home currency, from `Preferences.CurrencyPrefs` — the currency of every
 * amount that names none.
 */
import { z } from 'zod';
import { err, ok, relayError, type Result } from '../../lib/result.ts';
import { createQboClient } from './api/client.ts';
import type { QboClient } from './api/types.ts';

const CompanyInfo = z.object({ CompanyName: z.string().min(1) });
const Preferences = z.object({
  CurrencyPrefs: z.object({ HomeCurrency: z.object({ value: z.string().regex(/^[A-Z]{3}$/) }).optional() }).optional(),
});

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
  const name = CompanyInfo.safeParse(info.value);
  if (!name.success)
    return err(relayError('qbo_company_unreadable', 'QuickBooks Online sent company information without a name.'));
  const currency = Preferences.safeParse(prefs.value);
  if (!currency.success)
    return err(relayError('qbo_company_unreadable', 'QuickBooks Online sent preferences the relay cannot read.'));
  // A company without multicurrency reports no home currency in older minor versions: US dollars.
  return ok({
    companyName: name.data.CompanyName,
    homeCurrency: currency.data.CurrencyPrefs?.HomeCurrency?.value ?? 'USD',
  });
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
