/**
 * @module
 * Salesforce record ids: 15-character case-sensitive ids with a per-object key prefix, and their
 * 18-character case-insensitive form (three checksum characters appended).
 */

/** Key prefixes of the standard objects the relay touches, as every org has them. */
export const STANDARD_KEY_PREFIXES: Readonly<Record<string, string>> = {
  Account: '001',
  Contact: '003',
  Opportunity: '006',
  OpportunityLineItem: '00k',
  Order: '801',
  OrderItem: '802',
  Product2: '01t',
  Pricebook2: '01s',
  PricebookEntry: '01u',
  User: '005',
};

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * Adds the three checksum characters to a 15-character id.
 * @example to18('001xx0000004GxD') // '001xx0000004GxDAAU'
 */
export function to18(id15: string): string {
  if (id15.length !== 15) throw new Error(`Not a 15-character id: ${id15}`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charAt(chunk * 5 + i);
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += CHECKSUM.charAt(bits);
  }
  return id15 + suffix;
}

/** True for a well-formed 15- or 18-character id (checksum verified for 18). */
export function isValidId(id: string): boolean {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) return false;
  return id.length === 15 || to18(id.slice(0, 15)) === id;
}

/** The 18-character form of a 15- or 18-character id (case-insensitive comparison key). */
export function normalizeId(id: string): string {
  return id.length === 15 ? to18(id) : id;
}

/**
 * Assigns key prefixes to custom objects (`a00`, `a01`, ...) in name order; `first` is the leading
 * character (`m` for custom metadata types: `m00`, ...).
 */
export function assignKeyPrefixes(objectNames: readonly string[], first = 'a'): Map<string, string> {
  const out = new Map<string, string>();
  let next = 0;
  for (const name of [...objectNames].sort()) {
    const std = STANDARD_KEY_PREFIXES[name];
    if (std) out.set(name, std);
    else out.set(name, `${first}${BASE62.charAt(Math.floor(next / 62) % 62)}${BASE62.charAt(next++ % 62)}`);
  }
  return out;
}

/** Issues ids per key prefix: prefix + instance `8d` + reserved `0` + a 9-character base-62 counter. */
export function createIdFactory(): (keyPrefix: string) => string {
  const counters = new Map<string, number>();
  return (keyPrefix) => {
    const n = (counters.get(keyPrefix) ?? 0) + 1;
    counters.set(keyPrefix, n);
    let body = '';
    let rest = n;
    for (let i = 0; i < 9; i++) {
      body = BASE62.charAt(rest % 62) + body;
      rest = Math.floor(rest / 62);
    }
    return to18(`${keyPrefix}8d0${body}`);
  };
}
