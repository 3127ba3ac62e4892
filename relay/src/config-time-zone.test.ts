import { ConfigError, loadConfig } from './config.ts';

describe('QBWC_TIME_ZONE', () => {
  it('takes an IANA time zone for the company calendar, unset by default', () => {
    expect(loadConfig({ QBWC_TIME_ZONE: 'America/Los_Angeles' }).qbwc.timeZone).toBe('America/Los_Angeles');
    expect(loadConfig({}).qbwc.timeZone).toBeUndefined();
  });

  it('refuses a zone Intl does not know, saying which setting and why', () => {
    expect(() => loadConfig({ QBWC_TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow(ConfigError);
    expect(() => loadConfig({ QBWC_TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow(/QBWC_TIME_ZONE: .*IANA time zone/);
  });
});
