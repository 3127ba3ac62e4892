import { CURRENCY_NAMES, homeCurrencyOf, isoCode } from './qb-currencies.ts';

describe('QuickBooks currency names → ISO 4217', () => {
  it.each([
    ['US Dollar', 'USD'],
    ['Canadian Dollar', 'CAD'],
    ['Euro', 'EUR'],
    ['British Pound Sterling', 'GBP'],
    ['Australian Dollar', 'AUD'],
    ['Japanese Yen', 'JPY'],
    ['Mexican Peso', 'MXN'],
    ['Swiss Franc', 'CHF'],
    ['Indian Rupee', 'INR'],
    ['Danish Krone', 'DKK'],
    ['Swedish Krona', 'SEK'],
    ['Chinese Yuan Renminbi', 'CNY'],
    ['Hong Kong Dollar', 'HKD'],
    ['South African Rand', 'ZAR'],
    ['New Zealand Dollar', 'NZD'],
    ['United Arab Emirates Dirham', 'AED'],
    ['CFA Franc BCEAO', 'XOF'],
  ])('%s is %s', (name, code) => {
    expect(isoCode(name)).toBe(code);
  });

  it('knows the ISO 4217 name beside QuickBooks’ own where they differ', () => {
    expect(isoCode('United States Dollar')).toBe('USD');
    expect(isoCode('Pound Sterling')).toBe('GBP');
    expect(isoCode('Chinese Yuan')).toBe('CNY');
  });

  it('ignores case and runs of spaces in a name', () => {
    expect(isoCode('  canadian   DOLLAR ')).toBe('CAD');
  });

  it('accepts a name that is itself a code of the table', () => {
    expect(isoCode('CAD')).toBe('CAD');
    expect(isoCode('XOF')).toBe('XOF');
  });

  it('has no code for a name it does not know, nor for three letters that are not a code of the table', () => {
    expect(isoCode('Galactic Credit')).toBeUndefined();
    expect(isoCode('GAL')).toBeUndefined();
    expect(isoCode('Dan')).toBeUndefined();
    expect(isoCode('')).toBeUndefined();
  });

  it('gives every name one code, every code in three capitals', () => {
    expect(CURRENCY_NAMES).toHaveLength(234);
    expect(new Set(CURRENCY_NAMES.map(([, code]) => code)).size).toBe(163);
    const byName = new Map<string, string>();
    for (const [name, code] of CURRENCY_NAMES) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      const key = name.toLowerCase();
      expect([name, byName.get(key) ?? code]).toEqual([name, code]);
      byName.set(key, code);
    }
  });
});

describe('the home currency', () => {
  it('is the one the preferences name when multicurrency is on', () => {
    expect(homeCurrencyOf({ country: 'US', multiCurrency: true, homeCurrencyName: 'Canadian Dollar' })).toEqual({
      code: 'CAD',
    });
  });

  it.each([
    ['US', 'USD'],
    ['CA', 'CAD'],
    ['UK', 'GBP'],
    ['AU', 'AUD'],
  ])('is the edition’s own when multicurrency is off: %s → %s', (country, code) => {
    expect(homeCurrencyOf({ country, multiCurrency: false, homeCurrencyName: null })).toEqual({ code });
  });

  it('is USD, said so, when the edition is unknown and multicurrency off', () => {
    const home = homeCurrencyOf({ country: 'NL', multiCurrency: null, homeCurrencyName: null });
    expect(home.code).toBe('USD');
    expect(home.assumed).toMatch(/edition country NL.*taken to be in USD/);
  });

  it('is the edition’s, said so, when multicurrency names a currency the table does not know', () => {
    const home = homeCurrencyOf({ country: 'CA', multiCurrency: true, homeCurrencyName: 'Galactic Credit' });
    expect(home.code).toBe('CAD');
    expect(home.assumed).toMatch(/'Galactic Credit', which has no ISO 4217 code .* taken to be in CAD/);
  });
});
