import { faultError } from './faults.ts';

const what = 'the invoice of "006A"';

describe("QuickBooks Online's refusals in words", () => {
  it('a stale SyncToken is a passing failure: the change is read first, then the write goes again', () => {
    const e = faultError({ code: '5010', message: 'Stale Object Error', type: 'ValidationFault' }, what);
    expect(e).toMatchObject({ code: 'qbo_changed_since_read', retryable: true });
    expect(e.message).toContain('changed the invoice of "006A" since the relay last read it');
  });

  it('an inactive customer or item says which, and what to do', () => {
    const customer = faultError({ code: '610', message: 'Object Not Found', element: 'CustomerRef' }, what);
    expect(customer.code).toBe('qbo_customer_inactive');
    expect(customer.message).toContain('Make the customer active in QuickBooks Online or');
    const item = faultError(
      { code: '610', message: 'Object Not Found', element: 'Line.SalesItemLineDetail.ItemRef' },
      what,
    );
    expect(item.code).toBe('qbo_item_inactive');
    expect(item.message).toContain('create or map the item');
    expect(faultError({ code: '2500', message: 'Invalid Reference Id', element: 'ItemRef' }, what).message).toContain(
      'Create or map the item',
    );
  });

  it("any other refusal keeps Intuit's code and words; a system fault may pass", () => {
    const e = faultError({ code: '6000', message: 'A business validation error', detail: 'Bad date' }, what);
    expect(e).toMatchObject({ code: 'qbo_fault_6000', retryable: false });
    expect(e.message).toContain('A business validation error: Bad date');
    expect(faultError({ code: '10000', message: 'x', type: 'SystemFault' }, what).retryable).toBe(true);
  });
});
