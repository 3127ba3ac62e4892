/**
 * @module
 * The accounts a new item posts to, chosen when items are created (one query a write call, only
 * when it creates items). Its sales go to an income account: the one named in the connection's
 * settings (`incomeAccount`, found by name among the company's active income accounts), else the
 * company's first active Income account (lowest Id) — every company starts with one ("Services",
 * "Sales"). A non-inventory item also needs an expense account: the one named (`expenseAccount`),
 * else the first active Cost of Goods Sold account, else the first active Expense account.
 */
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import type { QboClient, QboJson } from '../api/types.ts';

export interface AccountSettings {
  /** The income account new items post their sales to, by name. */
  readonly incomeAccount?: string;
  /** The expense account new non-inventory items post their purchases to, by name. */
  readonly expenseAccount?: string;
}

export interface ItemAccounts {
  readonly income: { readonly value: string };
  /** None: the company has no expense account to give a non-inventory item. */
  readonly expense?: { readonly value: string };
}

const INCOME = ['Income', 'Other Income'];
const EXPENSE = ['Cost of Goods Sold', 'Expense'];

const named = (accounts: readonly QboJson[], types: readonly string[], name: string | undefined) => {
  const of = accounts.filter((a) => types.includes(String(a.AccountType)));
  const found = name ? of.find((a) => String(a.Name).toLowerCase() === name.toLowerCase()) : undefined;
  if (name) return found;
  for (const t of types) {
    const first = of.find((a) => a.AccountType === t);
    if (first) return first;
  }
  return undefined;
};

/** @example const accounts = await itemAccounts(client, { incomeAccount: 'Consulting Income' }); */
export async function itemAccounts(client: QboClient, settings: AccountSettings): Promise<Result<ItemAccounts>> {
  const accounts: QboJson[] = [];
  const types = [...INCOME, ...EXPENSE].map((t) => `'${t}'`).join(', ');
  for await (const page of client.query('Account', { where: `AccountType IN (${types})`, orderBy: 'Id' })) {
    if (!page.ok) return err(page.error);
    accounts.push(...page.value);
  }
  const income = named(accounts, INCOME, settings.incomeAccount);
  if (!income)
    return err(
      relayError(
        'qbo_income_account_missing',
        settings.incomeAccount
          ? `QuickBooks Online has no active income account named "${settings.incomeAccount}" for new items to post their sales to. Create it, or name another in the connection's settings, then replay.`
          : `QuickBooks Online has no active Income account for new items to post their sales to. Create one, then replay.`,
      ),
    );
  const expense = named(accounts, EXPENSE, settings.expenseAccount);
  return ok({
    income: { value: String(income.Id) },
    ...(expense ? { expense: { value: String(expense.Id) } } : {}),
  });
}
