import {
  connectionBadgeClass,
  invoiceBadgeClass,
  recordSyncBadgeClass,
  syncLogBadgeClass,
  syncRequestBadgeClass,
  TERMINAL_REQUEST_STATUSES,
} from 'c/statusThemes';

describe('statusThemes', () => {
  it.each([
    ['Paid', 'slds-theme_success'],
    ['Partially Paid', 'slds-theme_warning'],
    ['Overdue', 'slds-theme_error'],
    ['Open', 'slds-badge_lightest'],
  ])('invoice %s uses %s', (status, theme) => {
    expect(invoiceBadgeClass(status)).toBe(`slds-badge ${theme}`);
  });

  it('falls back to the plain badge for unknown or missing values', () => {
    expect(invoiceBadgeClass('Voided')).toBe('slds-badge');
    expect(invoiceBadgeClass(null)).toBe('slds-badge');
    expect(connectionBadgeClass('Something new')).toBe('slds-badge');
  });

  it('themes connection, log and request statuses', () => {
    expect(connectionBadgeClass('Needs Reauthorization')).toContain('slds-theme_error');
    expect(syncLogBadgeClass('Replayed')).toContain('slds-theme_success');
    expect(syncRequestBadgeClass('Waiting for QuickBooks')).toContain('slds-theme_warning');
    expect(recordSyncBadgeClass('Synced')).toContain('slds-theme_success');
    expect(recordSyncBadgeClass('Pending')).toContain('slds-theme_warning');
    expect(recordSyncBadgeClass('Failed')).toContain('slds-theme_error');
    expect(recordSyncBadgeClass('Not Synced')).toBe('slds-badge');
    expect(TERMINAL_REQUEST_STATUSES).toEqual(['Completed', 'Failed']);
  });
});
