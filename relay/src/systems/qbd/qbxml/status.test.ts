import { classifyStatus, isNonFatal } from './status.ts';

describe('classifyStatus', () => {
  it.each([
    [0, 'Info', 'info', 'ok', 'qbxml_ok'],
    [1, 'Info', 'info', 'ok', 'qbxml_no_match'],
    [530, 'Warn', 'warn', 'ok', 'qbxml_field_unsupported'],
    [777, undefined, 'warn', 'ok', 'qbxml_warning'],
    [3100, 'Error', 'error', 'fix_data', 'qbxml_duplicate_name'],
    [3140, 'Error', 'error', 'fix_data', 'qbxml_invalid_reference'],
    [3170, 'Error', 'error', 'retry', 'qbxml_modify_failed'],
    [3175, 'Error', 'error', 'retry', 'qbxml_locked'],
    [3176, 'Error', 'error', 'retry', 'qbxml_locked'],
    [3180, 'Error', 'error', 'retry', 'qbxml_save_failed'],
    [3200, 'Error', 'error', 'requery', 'qbxml_stale_edit_sequence'],
    [3210, 'Info', 'info', 'ok', 'qbxml_invalid_value'],
    [3250, 'Error', 'error', 'give_up', 'qbxml_feature_disabled'],
    [3391, 'Error', 'error', 'restart_iterator', 'qbxml_iterator_invalid'],
    [3999, 'Error', 'error', 'fix_data', 'qbxml_error'],
  ])('%i (%s) → %s / %s / %s', (code, severity, level, action, errorCode) => {
    const s = classifyStatus(code, severity);
    expect({ level: s.level, action: s.action, errorCode: s.errorCode, retryable: s.retryable }).toEqual({
      level,
      action,
      errorCode,
      retryable: action === 'retry',
    });
    expect(isNonFatal(s)).toBe(level !== 'error');
  });

  it('explains in plain language and appends what QuickBooks said', () => {
    const s = classifyStatus(3100, 'Error', 'The name "Acme" of the list element is already in use.');
    expect(s.message).toMatch(/^The name is already used in QuickBooks/);
    expect(s.message).toContain('QuickBooks said: "The name "Acme" of the list element is already in use."');
    expect(classifyStatus(0, 'Info', 'Status OK').message).toBe('OK.');
  });
});
