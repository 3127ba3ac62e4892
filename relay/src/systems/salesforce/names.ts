/**
 * @module
 * API names of the package's objects and fields as the relay must send them.
 *
 * Source keeps un-prefixed names (`QuickBooks_Invoice__c`); in a managed package installed in a
 * subscriber org they become `ns__QuickBooks_Invoice__c`. Every custom name the relay sends goes
 * through {@link createNamer}, built once from the configured `SF_NAMESPACE`.
 */

/** Matches the custom-name suffixes the namespace applies to. */
const CUSTOM_SUFFIX = /__(c|r|e|mdt|ChangeEvent)$/;

/** Qualifies custom API names with a namespace prefix; standard names pass through. */
export interface Namer {
  /** The namespace, `''` when none. */
  readonly namespace: string;
  /**
   * `QuickBooks_Invoice__c` → `ns__QuickBooks_Invoice__c`; `Account__r.Name` → `ns__Account__r.Name`;
   * `Name` and `ParentId` unchanged.
   */
  (apiName: string): string;
  /** The inverse: strips this namespace's prefix, so responses can be read with source names. */
  local(apiName: string): string;
}

/**
 * @example
 * const n = createNamer('lbr');
 * n('QuickBooks_Invoice__c'); // 'lbr__QuickBooks_Invoice__c'
 * n('Account'); // 'Account'
 */
export function createNamer(namespace: string): Namer {
  if (namespace !== '' && !/^[A-Za-z][A-Za-z0-9]{0,14}$/.test(namespace)) {
    throw new Error(`Invalid Salesforce namespace "${namespace}": 1–15 letters and digits, starting with a letter`);
  }
  const prefix = namespace === '' ? '' : `${namespace}__`;
  const qualifySegment = (segment: string): string => {
    if (prefix === '' || !CUSTOM_SUFFIX.test(segment)) return segment;
    // Already prefixed (`ns__X__c`) or another package's name: leave it alone.
    const body = segment.replace(CUSTOM_SUFFIX, '');
    if (body.includes('__')) return segment;
    return prefix + segment;
  };
  const namer = ((apiName: string) => apiName.split('.').map(qualifySegment).join('.')) as Namer;
  Object.defineProperty(namer, 'namespace', { value: namespace });
  namer.local = (apiName: string) =>
    prefix === ''
      ? apiName
      : apiName
          .split('.')
          .map((s) => (s.startsWith(prefix) ? s.slice(prefix.length) : s))
          .join('.');
  return namer;
}
