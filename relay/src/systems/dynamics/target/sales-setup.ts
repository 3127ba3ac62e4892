/**
 * @module
 * What products and invoices written from QuickBooks hang on, found in the environment or made
 * once: Ledgerbridge's unit group (`uomschedule` "Ledgerbridge", its base unit "Each"), its price
 * list (`pricelevel` "Ledgerbridge", in the organization's base currency), and the currencies the
 * environment has, by ISO code. The unit group and price list are made with ids derived from the
 * environment's URL, so two relays setting up at once make one of each, not two.
 */
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import type { DataverseClient, DataverseJson } from '../api/types.ts';
import type { DynamicsMappingContext } from '../mapping/context.ts';
import { stableId } from '../provision/requests.ts';

export const SETUP_NAME = 'Ledgerbridge';
export const BASE_UNIT = 'Each';

type Setup = Omit<DynamicsMappingContext, 'connection'>;

async function rows(client: DataverseClient, set: string, select: string[], filter?: string) {
  const found: DataverseJson[] = [];
  for await (const page of client.select(set, { select, ...(filter ? { filter } : {}) })) {
    if (!page.ok) return page;
    found.push(...page.value);
  }
  return ok(found);
}

const quoted = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** The row named `name` in `set`, made (with a derived id) when there is none. */
async function named(
  client: DataverseClient,
  set: string,
  idColumn: string,
  name: string,
  create: DataverseJson,
  url: string,
): Promise<Result<string>> {
  const found = await rows(client, set, [idColumn], `name eq ${quoted(name)}`);
  if (!found.ok) return found;
  const id = found.value[0]?.[idColumn];
  if (typeof id === 'string') return ok(id);
  const made = await client.upsert(set, stableId(set, url, name), { name, ...create });
  return made.ok ? ok(stableId(set, url, name)) : made;
}

/**
 * @example const setup = await salesSetup(client, 'https://contoso.crm.dynamics.com'); // ok({ unitGroupId, unitId, priceListId, currencyIds })
 */
export async function salesSetup(client: DataverseClient, url: string): Promise<Result<Setup>> {
  const currencies = await rows(client, 'transactioncurrencies', ['transactioncurrencyid', 'isocurrencycode']);
  if (!currencies.ok) return currencies;
  const currencyIds = Object.fromEntries(
    currencies.value.map((c) => [String(c.isocurrencycode), String(c.transactioncurrencyid)]),
  );
  const organization = await rows(client, 'organizations', ['_basecurrencyid_value']);
  if (!organization.ok) return organization;
  const baseCurrency = organization.value[0]?._basecurrencyid_value;
  if (typeof baseCurrency !== 'string')
    return err(relayError('dyn_no_base_currency', 'The environment names no base currency.'));

  const unitGroupId = await named(client, 'uomschedules', 'uomscheduleid', SETUP_NAME, { baseuomname: BASE_UNIT }, url);
  if (!unitGroupId.ok) return unitGroupId;
  const units = await rows(
    client,
    'uoms',
    ['uomid'],
    `_uomscheduleid_value eq ${unitGroupId.value} and name eq ${quoted(BASE_UNIT)}`,
  );
  if (!units.ok) return units;
  const unitId = units.value[0]?.uomid;
  if (typeof unitId !== 'string')
    return err(
      relayError(
        'dyn_no_base_unit',
        `The unit group "${SETUP_NAME}" has no unit "${BASE_UNIT}": add it, or delete the group for Ledgerbridge to make it again.`,
      ),
    );
  const priceListId = await named(
    client,
    'pricelevels',
    'pricelevelid',
    SETUP_NAME,
    { 'transactioncurrencyid@odata.bind': `/transactioncurrencies(${baseCurrency})` },
    url,
  );
  if (!priceListId.ok) return priceListId;
  return ok({ unitGroupId: unitGroupId.value, unitId, priceListId: priceListId.value, currencyIds });
}
