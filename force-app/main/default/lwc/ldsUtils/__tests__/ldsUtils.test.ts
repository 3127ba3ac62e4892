import {
  displayValue,
  errorMessages,
  fieldValue,
  namespacePrefix,
  numberValue,
  packageName,
  qualified,
  reduceErrors,
  stringValue,
} from 'c/ldsUtils';
import type { UiRecord } from 'c/ldsUtils';

const record: UiRecord = {
  id: '001000000000001AAA',
  apiName: 'Account',
  fields: {
    Name: { value: 'Acme', displayValue: null },
    Balance__c: { value: 12.5, displayValue: '$12.50' },
    Empty__c: { value: '', displayValue: null },
    Conn__r: {
      value: { id: 'a01', apiName: 'Conn__c', fields: { Edition__c: { value: 'Desktop', displayValue: 'Desktop' } } },
      displayValue: null,
    },
  },
};
const ref = (fieldApiName: string) => ({ objectApiName: 'Account', fieldApiName });

describe('field reads', () => {
  it('reads values, spanning paths and display values', () => {
    expect(fieldValue(record, ref('Name'))).toBe('Acme');
    expect(stringValue(record, ref('Conn__r.Edition__c'))).toBe('Desktop');
    expect(numberValue(record, ref('Balance__c'))).toBe(12.5);
    expect(numberValue(record, ref('Name'))).toBeNull();
    expect(displayValue(record, ref('Balance__c'))).toBe('$12.50');
    expect(displayValue(record, ref('Name'))).toBe('Acme');
  });

  it('returns null for absent or empty fields', () => {
    expect(fieldValue(record, ref('Missing__c'))).toBeNull();
    expect(stringValue(record, ref('Empty__c'))).toBeNull();
    expect(stringValue(undefined, ref('Name'))).toBeNull();
    expect(displayValue(record, ref('Missing__r.X__c'))).toBeNull();
  });

  it('qualifies field names', () => {
    expect(qualified(ref('Name'))).toBe('Account.Name');
  });
});

describe('namespaces', () => {
  it('finds the prefix of a namespaced API name only', () => {
    expect(namespacePrefix('lb__QuickBooks_Invoice__c')).toBe('lb__');
    expect(namespacePrefix('QuickBooks_Invoice__c')).toBe('');
    expect(namespacePrefix('Account')).toBe('');
    expect(packageName('lb__QuickBooks_Invoice__c', 'QuickBooks_Invoices__r')).toBe('lb__QuickBooks_Invoices__r');
    expect(packageName('QuickBooks_Sync_Log__c', 'All')).toBe('All');
  });
});

describe('errorMessages', () => {
  it('is the messages, or undefined when there are none', () => {
    expect(errorMessages(undefined)).toBeUndefined();
    expect(errorMessages([])).toBeUndefined();
    expect(errorMessages({ body: { message: 'Insufficient access' } })).toEqual(['Insufficient access']);
  });
});

describe('reduceErrors', () => {
  it('flattens UI API, JS and array errors, de-duplicated', () => {
    expect(
      reduceErrors([
        { body: { message: 'Insufficient access' } },
        { body: [{ message: 'Row one' }, { message: 'Row two' }] },
        { body: { output: { errors: [{ message: 'Page error' }], fieldErrors: { X: [{ message: 'Field error' }] } } } },
        new Error('Boom'),
        { statusText: 'Bad Gateway' },
        'plain',
        { body: { message: 'Insufficient access' } },
      ]),
    ).toEqual([
      'Insufficient access',
      'Row one',
      'Row two',
      'Page error',
      'Field error',
      'Boom',
      'Bad Gateway',
      'plain',
    ]);
  });

  it('returns nothing for nothing', () => {
    expect(reduceErrors(undefined)).toEqual([]);
    expect(reduceErrors({})).toEqual([]);
  });
});
