/**
 * @module
 * QuickBooks Desktop names its currencies ("US Dollar", "British Pound Sterling"); Salesforce and
 * the canonical model want ISO 4217 codes. {@link isoCode} looks a name up in one table: the names
 * of QuickBooks Desktop's currency list, with the ISO 4217 English name (and a common variant)
 * beside it where they differ, since a bookkeeper may have added or renamed a currency. A name
 * that is itself a code of the table is accepted. An unknown name has no code: callers fail the
 * record, they never guess one. {@link homeCurrencyOf} reads the company's home currency from its
 * preferences, or from the edition's country when multicurrency is off.
 */

/** ISO 4217 code → the names a QuickBooks Desktop company file may give that currency. */
const NAMES: Readonly<Record<string, readonly string[]>> = {
  AED: ['United Arab Emirates Dirham', 'UAE Dirham'],
  AFN: ['Afghanistan Afghani', 'Afghan Afghani'],
  ALL: ['Albanian Lek'],
  AMD: ['Armenian Dram'],
  ANG: ['Netherlands Antillian Guilder', 'Netherlands Antillean Guilder'],
  AOA: ['Angolan Kwanza'],
  ARS: ['Argentine Peso'],
  AUD: ['Australian Dollar'],
  AWG: ['Aruban Guilder', 'Aruban Florin'],
  AZN: ['Azerbaijan New Manat', 'Azerbaijani Manat'],
  BAM: ['Bosnia and Herzegovina Convertible Marks', 'Bosnia and Herzegovina Convertible Mark'],
  BBD: ['Barbados Dollar', 'Barbadian Dollar'],
  BDT: ['Bangladesh Taka', 'Bangladeshi Taka'],
  BGN: ['Bulgarian Lev'],
  BHD: ['Bahraini Dinar'],
  BIF: ['Burundi Franc', 'Burundian Franc'],
  BMD: ['Bermudian Dollar', 'Bermudan Dollar'],
  BND: ['Brunei Dollar'],
  BOB: ['Bolivian Boliviano', 'Boliviano'],
  BRL: ['Brazilian Real'],
  BSD: ['Bahamian Dollar'],
  BTN: ['Bhutan Ngultrum', 'Bhutanese Ngultrum'],
  BWP: ['Botswana Pula', 'Botswanan Pula'],
  BYN: ['Belarusian Ruble', 'Belarus Ruble'],
  BZD: ['Belize Dollar'],
  CAD: ['Canadian Dollar'],
  CDF: ['Congolese Franc'],
  CHF: ['Swiss Franc'],
  CLP: ['Chilean Peso'],
  CNY: ['Chinese Yuan Renminbi', 'Chinese Yuan', 'Yuan Renminbi'],
  COP: ['Colombian Peso'],
  CRC: ['Costa Rican Colon', 'Costa Rican Colón'],
  CUP: ['Cuban Peso'],
  CVE: ['Cape Verde Escudo', 'Cape Verdean Escudo'],
  CYP: ['Cyprus Pound'],
  CZK: ['Czech Koruna'],
  DJF: ['Djibouti Franc', 'Djiboutian Franc'],
  DKK: ['Danish Krone'],
  DOP: ['Dominican Peso'],
  DZD: ['Algerian Dinar'],
  EEK: ['Estonian Kroon'],
  EGP: ['Egyptian Pound'],
  ERN: ['Eritrean Nakfa'],
  ETB: ['Ethiopian Birr'],
  EUR: ['Euro'],
  FJD: ['Fiji Dollar', 'Fijian Dollar'],
  FKP: ['Falkland Islands Pound'],
  GBP: ['British Pound Sterling', 'British Pound', 'Pound Sterling'],
  GEL: ['Georgian Lari'],
  GHS: ['Ghanaian Cedi', 'Ghana Cedi'],
  GIP: ['Gibraltar Pound'],
  GMD: ['Gambian Dalasi'],
  GNF: ['Guinea Franc', 'Guinean Franc'],
  GTQ: ['Guatemalan Quetzal'],
  GYD: ['Guyana Dollar', 'Guyanese Dollar'],
  HKD: ['Hong Kong Dollar'],
  HNL: ['Honduran Lempira'],
  HRK: ['Croatian Kuna'],
  HTG: ['Haitian Gourde'],
  HUF: ['Hungarian Forint'],
  IDR: ['Indonesian Rupiah'],
  ILS: ['Israeli New Shekel', 'Israeli New Sheqel', 'Israeli Shekel'],
  INR: ['Indian Rupee'],
  IQD: ['Iraqi Dinar'],
  IRR: ['Iranian Rial'],
  ISK: ['Iceland Krona', 'Icelandic Krona'],
  JMD: ['Jamaican Dollar'],
  JOD: ['Jordanian Dinar'],
  JPY: ['Japanese Yen'],
  KES: ['Kenyan Shilling'],
  KGS: ['Kyrgyzstan Som', 'Kyrgyzstani Som'],
  KHR: ['Cambodian Riel'],
  KMF: ['Comoros Franc', 'Comorian Franc'],
  KPW: ['North Korean Won'],
  KRW: ['South Korean Won', 'Korean Won'],
  KWD: ['Kuwaiti Dinar'],
  KYD: ['Cayman Islands Dollar'],
  KZT: ['Kazakhstan Tenge', 'Kazakhstani Tenge'],
  LAK: ['Lao Kip', 'Laotian Kip'],
  LBP: ['Lebanese Pound'],
  LKR: ['Sri Lanka Rupee', 'Sri Lankan Rupee'],
  LRD: ['Liberian Dollar'],
  LSL: ['Lesotho Loti'],
  LTL: ['Lithuanian Litas'],
  LVL: ['Latvian Lats'],
  LYD: ['Libyan Dinar'],
  MAD: ['Moroccan Dirham'],
  MDL: ['Moldovan Leu'],
  MGA: ['Malagasy Ariary'],
  MKD: ['Macedonian Denar'],
  MMK: ['Myanmar Kyat'],
  MNT: ['Mongolian Tugrik'],
  MOP: ['Macau Pataca', 'Macanese Pataca'],
  MRU: ['Mauritania Ouguiya', 'Mauritanian Ouguiya'],
  MTL: ['Maltese Lira'],
  MUR: ['Mauritius Rupee', 'Mauritian Rupee'],
  MVR: ['Maldives Rufiyaa', 'Maldivian Rufiyaa'],
  MWK: ['Malawi Kwacha', 'Malawian Kwacha'],
  MXN: ['Mexican Peso'],
  MYR: ['Malaysian Ringgit'],
  MZN: ['Mozambique Metical', 'Mozambican Metical'],
  NAD: ['Namibian Dollar'],
  NGN: ['Nigerian Naira'],
  NIO: ['Nicaraguan Cordoba Oro', 'Nicaraguan Cordoba'],
  NOK: ['Norwegian Krone'],
  NPR: ['Nepalese Rupee'],
  NZD: ['New Zealand Dollar'],
  OMR: ['Omani Rial'],
  PAB: ['Panamanian Balboa'],
  PEN: ['Peruvian Nuevo Sol', 'Peruvian Sol'],
  PGK: ['Papua New Guinea Kina', 'Papua New Guinean Kina'],
  PHP: ['Philippine Peso'],
  PKR: ['Pakistan Rupee', 'Pakistani Rupee'],
  PLN: ['Polish Zloty'],
  PYG: ['Paraguay Guarani', 'Paraguayan Guarani'],
  QAR: ['Qatari Rial', 'Qatari Riyal'],
  RON: ['Romanian New Leu', 'Romanian Leu'],
  RSD: ['Serbian Dinar'],
  RUB: ['Russian Ruble', 'Russian Rouble'],
  RWF: ['Rwanda Franc', 'Rwandan Franc'],
  SAR: ['Saudi Riyal'],
  SBD: ['Solomon Islands Dollar'],
  SCR: ['Seychelles Rupee', 'Seychellois Rupee'],
  SDG: ['Sudanese Pound'],
  SEK: ['Swedish Krona'],
  SGD: ['Singapore Dollar'],
  SHP: ['Saint Helena Pound', 'St Helena Pound'],
  SIT: ['Slovenian Tolar'],
  SKK: ['Slovak Koruna'],
  SLE: ['Sierra Leone Leone', 'Sierra Leonean Leone'],
  SOS: ['Somali Shilling'],
  SRD: ['Surinam Dollar', 'Surinamese Dollar'],
  STN: ['Sao Tome and Principe Dobra', 'São Tomé and Príncipe Dobra'],
  SVC: ['El Salvador Colon', 'Salvadoran Colon'],
  SYP: ['Syrian Pound'],
  SZL: ['Swaziland Lilangeni', 'Swazi Lilangeni'],
  THB: ['Thai Baht'],
  TJS: ['Tajikistan Somoni', 'Tajikistani Somoni'],
  TMT: ['Turkmenistan Manat', 'Turkmenistani Manat'],
  TND: ['Tunisian Dinar'],
  TOP: ["Tonga Pa'anga", "Tongan Pa'anga"],
  TRY: ['Turkish Lira', 'New Turkish Lira'],
  TTD: ['Trinidad and Tobago Dollar'],
  TWD: ['New Taiwan Dollar', 'Taiwan Dollar'],
  TZS: ['Tanzanian Shilling'],
  UAH: ['Ukraine Hryvnia', 'Ukrainian Hryvnia'],
  UGX: ['Uganda Shilling', 'Ugandan Shilling'],
  USD: ['US Dollar', 'United States Dollar', 'U.S. Dollar'],
  UYU: ['Uruguayan Peso'],
  UZS: ['Uzbekistan Sum', 'Uzbekistani Som'],
  VES: ['Venezuelan Bolivar Soberano', 'Venezuelan Bolivar'],
  VEF: ['Venezuelan Bolivar Fuerte'],
  VND: ['Vietnamese Dong'],
  VUV: ['Vanuatu Vatu'],
  WST: ['Samoan Tala', 'Samoa Tala'],
  XAF: ['CFA Franc BEAC', 'Central African CFA Franc'],
  XCD: ['East Caribbean Dollar'],
  XOF: ['CFA Franc BCEAO', 'West African CFA Franc'],
  XPF: ['CFP Franc'],
  YER: ['Yemeni Rial'],
  ZAR: ['South African Rand'],
  ZMW: ['Zambian Kwacha'],
  ZWL: ['Zimbabwe Dollar', 'Zimbabwean Dollar'],
};

/** Names compare without case and with runs of spaces as one. */
const normal = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

const BY_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(NAMES).flatMap(([code, names]) => [...names, code].map((n) => [normal(n), code] as const)),
);

/** Every name of the table with its code, for tests and documentation. */
export const CURRENCY_NAMES: readonly (readonly [name: string, code: string])[] = Object.entries(NAMES).flatMap(
  ([code, names]) => names.map((n) => [n, code] as const),
);

/**
 * The ISO 4217 code of a QuickBooks currency name (or of a code the table knows), or `undefined`.
 * @example isoCode('Canadian Dollar') // 'CAD'
 */
export function isoCode(name: string): string | undefined {
  return BY_NAME.get(normal(name));
}

/** Each QuickBooks Desktop edition's own currency: what a company without multicurrency keeps its books in. */
const EDITION_CURRENCY: Readonly<Record<string, string>> = { US: 'USD', CA: 'CAD', UK: 'GBP', AU: 'AUD' };

/** A company's home currency, and, when it had to be assumed, why (for the log). */
export interface HomeCurrency {
  readonly code: string;
  readonly assumed?: string;
}

/**
 * The home currency from the company's preferences: the one multicurrency names, else the
 * edition's (US, CA, UK, AU); US dollars, said so, when neither tells.
 * @example homeCurrencyOf({ country: 'CA', multiCurrency: false, homeCurrencyName: null }) // { code: 'CAD' }
 */
export function homeCurrencyOf(p: {
  readonly country: string | null;
  readonly multiCurrency: boolean | null;
  readonly homeCurrencyName: string | null;
}): HomeCurrency {
  const edition = p.country ? EDITION_CURRENCY[p.country.toUpperCase()] : undefined;
  if (p.multiCurrency && p.homeCurrencyName) {
    const code = isoCode(p.homeCurrencyName);
    if (code) return { code };
    const fallback = edition ?? 'USD';
    return {
      code: fallback,
      assumed: `QuickBooks names the home currency '${p.homeCurrencyName}', which has no ISO 4217 code Ledgerbridge knows; records without a currency of their own are taken to be in ${fallback}.`,
    };
  }
  if (edition) return { code: edition };
  return {
    code: 'USD',
    assumed: `QuickBooks did not say which currency the company keeps its books in (edition country ${p.country ?? 'not given'}, multicurrency ${p.multiCurrency ? 'on without a home currency' : 'off'}); records without a currency of their own are taken to be in USD.`,
  };
}
