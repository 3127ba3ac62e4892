/**
 * @module
 * What the relay reads of a QuickBooks Online company itself: its name (CompanyInfo) and its
 * currencies (Preferences `CurrencyPrefs`: the home currency, and whether multicurrency is on).
 * Records that name no currency are in the home currency.
 */
import { ok, type Result } from '../../../lib/result.ts';
import { QboCompanyInfo, QboPreferences, readPayload } from './payloads.ts';

export interface QboCompanySettings {
  /** ISO 4217 code. */
  readonly homeCurrency: string;
  readonly multiCurrency: boolean;
}

/**
 * @example readPreferences(parseExactJson(text).Preferences) // ok({ homeCurrency: 'USD', multiCurrency: false })
 */
export function readPreferences(json: unknown): Result<QboCompanySettings> {
  const r = readPayload(QboPreferences, 'Preferences', json);
  if (!r.ok) return r;
  const prefs = r.value.CurrencyPrefs;
  return ok({ homeCurrency: prefs.HomeCurrency.value, multiCurrency: prefs.MultiCurrencyEnabled ?? false });
}

/** @example readCompanyInfo(parseExactJson(text).CompanyInfo) // ok({ companyName: "Larry's Bakery", country: 'US' }) */
export function readCompanyInfo(json: unknown): Result<{ companyName: string; country?: string }> {
  const r = readPayload(QboCompanyInfo, 'CompanyInfo', json);
  if (!r.ok) return r;
  return ok(
    r.value.Country
      ? { companyName: r.value.CompanyName, country: r.value.Country }
      : { companyName: r.value.CompanyName },
  );
}
