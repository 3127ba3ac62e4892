import { XMLValidator } from 'fast-xml-parser';
import { hashPassword, lockRemainingMs, nextThrottle, verifyPassword } from './auth.ts';
import { describeHresult, normalizeHresult } from './messages.ts';
import { initialPlan, minusSeconds, progressOf, afterResponse, SYNC_STEPS } from './planner.ts';
import { buildQwc, qwcWarnings, LEDGERBRIDGE_OWNER_ID } from './qwc.ts';
import { compareVersions } from './session/service.ts';
import { checkCompany, parseHostCompany } from './session/hcp.ts';

describe('passwords', () => {
  it('hashes with a salt and verifies in constant time', async () => {
    const a = await hashPassword('s3cret phrase');
    const b = await hashPassword('s3cret phrase');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('s3cret phrase', a)).toBe(true);
    expect(await verifyPassword('s3cret phrasf', a)).toBe(false);
    expect(await verifyPassword('anything', undefined)).toBe(false);
  });
  it('locks a user name after repeated failures, longer each time', () => {
    let s = nextThrottle(undefined, 0);
    for (let i = 0; i < 4; i++) s = nextThrottle(s, 1000);
    expect(s.failures).toBe(5);
    expect(lockRemainingMs(s, 1001)).toBe(29_999);
    expect(lockRemainingMs(s, 31_000)).toBe(0);
    expect(s.lockedUntil).toBe(31_000);
    expect(nextThrottle(s, 2000).lockedUntil).toBe(62_000);
    // Capped: however many failures, a lock lasts 15 minutes at most.
    let many = s;
    for (let i = 0; i < 30; i++) many = nextThrottle(many, 3000);
    expect(many.lockedUntil).toBe(3000 + 15 * 60_000);
    expect(nextThrottle(s, 20 * 60_000)).toEqual({ failures: 1, firstFailureAt: 20 * 60_000, lockedUntil: null });
  });
});

describe('bookkeeper messages', () => {
  it.each([
    ['0x80040408', '0x80040408'],
    ['80040408', '0x80040408'],
    ['-2147220472', '0x80040408'],
    ['0X8004041D', '0x8004041d'],
    ['', undefined],
  ])('normalises HRESULT %s', (input, out) => {
    expect(normalizeHresult(input)).toBe(out);
  });
  it('keeps QuickBooks own words for unknown HRESULTs', () => {
    const m = describeHresult('0x80049999', 'Something odd');
    expect(m.code).toBe('qbwc_qb_error');
    expect(m.message).toContain('Something odd');
  });
});

describe('planner', () => {
  it('moves QuickBooks local time back without trusting the offset', () => {
    expect(minusSeconds('2024-03-01T00:02:00-08:00', 300)).toBe('2024-02-29T23:57:00');
  });
  it('reports true integer progress and 100 only when done', () => {
    const plan = { ...initialPlan(), stepRecords: 500, remaining: 1500 };
    expect(progressOf(2, plan, false)).toBe(22);
    expect(progressOf(SYNC_STEPS.length - 1, initialPlan(), false)).toBe(90);
    expect(progressOf(0, initialPlan(), true)).toBe(100);
  });
  it('restarts a step from the cursor once on a stale iterator (3391), then skips it with a warning', () => {
    const opts = { pageSize: 500, overlapSeconds: 300, ownerId: LEDGERBRIDGE_OWNER_ID };
    const page = (statusCode: number) => ({
      rs: 'CustomerQueryRs',
      requestId: 'x',
      statusCode,
      severity: 'Error' as const,
      statusMessage: 'The iteratorID is not valid',
      iteratorId: undefined,
      remaining: undefined,
      records: [],
    });
    const stale = { ...initialPlan(), iteratorId: '{it}', companyChecked: true };
    const first = afterResponse(2, stale, page(3391), undefined, opts);
    expect([first.step, first.plan.iteratorId, first.plan.restarts]).toEqual([2, null, 1]);
    const second = afterResponse(2, first.plan, page(3391), undefined, opts);
    expect(second.step).toBe(3);
    expect(second.warning?.code).toBe('qbxml_status_3391');
  });
});

describe('.qwc file', () => {
  it('is well-formed and carries every field QBWC requires', () => {
    const xml = buildQwc({
      appName: 'Ledgerbridge',
      publicUrl: 'https://relay.example.com/',
      username: 'acme & co',
      ownerId: LEDGERBRIDGE_OWNER_ID,
      fileId: '{9A1B2C3D-0000-4000-8000-000000000001}',
      runEveryMinutes: 15,
    });
    expect(XMLValidator.validate(xml)).toBe(true);
    for (const el of [
      'AppName',
      'AppID',
      'AppURL',
      'AppSupport',
      'UserName',
      'OwnerID',
      'FileID',
      'QBType',
      'Scheduler',
    ]) {
      expect(xml).toContain(`<${el}>`);
    }
    expect(xml).toContain('<AppURL>https://relay.example.com/qbwc</AppURL>');
    expect(xml).toContain('<UserName>acme &amp; co</UserName>');
    expect(xml).toContain('<RunEveryNMinutes>15</RunEveryNMinutes>');
    expect(xml).not.toMatch(/password/i);
  });
  it('warns about what QBWC refuses', () => {
    expect(qwcWarnings('https://relay.example.com')).toEqual([]);
    expect(qwcWarnings('http://localhost:8080')).toEqual([]);
    expect(qwcWarnings('http://relay.example.com')).toHaveLength(1);
    expect(qwcWarnings('http://127.0.0.1:8080')).toHaveLength(2);
  });
});

describe('company identity and versions', () => {
  const info = {
    productName: 'QB',
    country: 'US',
    qbxmlVersions: ['13.0'],
    companyName: 'Acme',
    fileId: '{ABC}',
    homeCurrency: { code: 'USD' },
  };
  it('accepts the connection FileID case-insensitively and refuses another', () => {
    expect(checkCompany({ fileId: '{abc}', company: null }, info, null).ok).toBe(true);
    expect(checkCompany({ fileId: '{DEF}', company: null }, info, null).ok).toBe(false);
  });
  it('reads the home currency from the preferences, else from the edition', () => {
    const hcp = (country: string, prefs: string) =>
      `<QBXML><QBXMLMsgsRs><HostQueryRs statusCode="0"><HostRet><Country>${country}</Country></HostRet></HostQueryRs>` +
      `<CompanyQueryRs statusCode="0"><CompanyRet><CompanyName>Maple</CompanyName></CompanyRet></CompanyQueryRs>` +
      `<PreferencesQueryRs statusCode="0"><PreferencesRet>${prefs}</PreferencesRet></PreferencesQueryRs></QBXMLMsgsRs></QBXML>`;
    const home = (xml: string) => {
      const parsed = parseHostCompany(xml, '0');
      return parsed.ok ? parsed.value.homeCurrency : undefined;
    };
    const on = (name: string) =>
      `<MultiCurrencyPreferences><IsMultiCurrencyOn>true</IsMultiCurrencyOn><HomeCurrencyRef><FullName>${name}</FullName></HomeCurrencyRef></MultiCurrencyPreferences>`;
    const off = '<MultiCurrencyPreferences><IsMultiCurrencyOn>false</IsMultiCurrencyOn></MultiCurrencyPreferences>';
    expect(home(hcp('US', on('Canadian Dollar')))).toEqual({ code: 'CAD' });
    expect(home(hcp('CA', off))).toEqual({ code: 'CAD' });
    expect(home(hcp('UK', ''))).toEqual({ code: 'GBP' });
    expect(home(hcp('ZZ', off))?.code).toBe('USD');
    expect(home(hcp('ZZ', off))?.assumed).toMatch(/taken to be in USD/);
    const info = parseHostCompany(hcp('CA', off), '0');
    if (!info.ok) throw new Error(info.error.message);
    const company = checkCompany({ fileId: '{F}', company: null }, info.value, null);
    expect(company.ok && company.value.homeCurrency).toBe('CAD');
  });
  it('compares Web Connector versions numerically', () => {
    expect(compareVersions('2.1.0.30', '2.3.0.215')).toBe(-1);
    expect(compareVersions('2.10', '2.9')).toBe(1);
    expect(compareVersions('2.1.0.30', '2.1.0.30')).toBe(0);
  });
});
