import { createLogger, redact } from './logger.ts';

describe('logger', () => {
  it('writes one JSON line per entry and redacts secrets at any depth', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l) }).child({ connection: 'acme' });
    log.debug('hidden');
    log.info('signed in', { clientSecret: 's3cr3t', nested: { password: 'pw', accessToken: 'tok' }, ok: 1 });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', msg: 'signed in', connection: 'acme', ok: 1 });
    expect(lines[0]).not.toMatch(/s3cr3t|"pw"|tok"/);
    expect(redact({ Authorization: 'Bearer x' })).toEqual({ Authorization: '[redacted]' });
  });
});
