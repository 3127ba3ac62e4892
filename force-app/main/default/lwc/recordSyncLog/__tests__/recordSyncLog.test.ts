import { openLog, quickBooksId } from 'c/recordSyncLog';

const FIELDS = {
  name: { objectApiName: 'QuickBooks_Sync_Log__c', fieldApiName: 'Name' },
  status: { objectApiName: 'QuickBooks_Sync_Log__c', fieldApiName: 'Status__c' },
  message: { objectApiName: 'QuickBooks_Sync_Log__c', fieldApiName: 'Error_Message__c' },
};
const log = (id: string, name: string, status: string, message: string | null = null) => ({
  id,
  apiName: 'QuickBooks_Sync_Log__c',
  fields: {
    Name: { value: name, displayValue: null },
    Status__c: { value: status, displayValue: status },
    Error_Message__c: { value: message, displayValue: null },
  },
});

describe('recordSyncLog', () => {
  it('finds the first log still open, with its reason and link', () => {
    const logs = [
      log('a1', 'LOG-3', 'Resolved'),
      log('a2', 'LOG-2', 'Retrying', 'Busy.'),
      log('a3', 'LOG-1', 'Failed'),
    ];
    expect(openLog(logs, FIELDS)).toEqual({
      id: 'a2',
      logName: 'LOG-2',
      reason: 'Busy.',
      url: '/lightning/r/QuickBooks_Sync_Log__c/a2/view',
    });
    expect(openLog([log('a1', 'LOG-3', 'Replayed')], FIELDS)).toBeUndefined();
    expect(openLog(undefined, FIELDS)).toBeUndefined();
  });

  it('reads the QuickBooks id inside a connection-scoped key', () => {
    expect(quickBooksId('acme-online:31')).toBe('31');
    expect(quickBooksId('3c72c0ab-6144-4643-8f1b-e68bd4cf0743:2')).toBe('2');
    expect(quickBooksId(null)).toBeNull();
    expect(quickBooksId('acme:')).toBeNull();
  });
});
