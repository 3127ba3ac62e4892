import { createNamer } from './names.ts';
import { externalKey } from './schema.ts';

describe('createNamer', () => {
  it('leaves every name alone without a namespace', () => {
    const n = createNamer('');
    expect(n('QuickBooks_Invoice__c')).toBe('QuickBooks_Invoice__c');
    expect(n('Account__r.Name')).toBe('Account__r.Name');
    expect(n.local('QuickBooks_Invoice__c')).toBe('QuickBooks_Invoice__c');
  });

  it('prefixes custom objects, fields and relationships, not standard names', () => {
    const n = createNamer('lbr');
    expect(n('QuickBooks_Invoice__c')).toBe('lbr__QuickBooks_Invoice__c');
    expect(n('Account__r.Name')).toBe('lbr__Account__r.Name');
    expect(n('Account')).toBe('Account');
    expect(n('ParentId')).toBe('ParentId');
    expect(n('QuickBooks_Sync_Request__ChangeEvent')).toBe('lbr__QuickBooks_Sync_Request__ChangeEvent');
  });

  it('never prefixes twice, and strips its own prefix on the way back', () => {
    const n = createNamer('lbr');
    expect(n('lbr__Balance__c')).toBe('lbr__Balance__c');
    expect(n('other__Field__c')).toBe('other__Field__c');
    expect(n.local('lbr__Account__r.lbr__Balance__c')).toBe('Account__r.Balance__c');
  });

  it('rejects a namespace Salesforce would not allow', () => {
    expect(() => createNamer('bad-ns')).toThrow(/Invalid Salesforce namespace/);
    expect(() => createNamer('1abc')).toThrow(/Invalid Salesforce namespace/);
  });
});

describe('externalKey', () => {
  it('scopes ids and line ids by connection', () => {
    expect(externalKey('acme', '80000001-1271891747')).toBe('acme:80000001-1271891747');
    expect(externalKey('acme', 'A1-1', '7-1')).toBe('acme:A1-1:7-1');
  });
});
