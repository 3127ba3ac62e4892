import { spawnSync } from 'node:child_process';
import path from 'node:path';

describe('npm run demo', () => {
  it('runs the whole job on a small company, passes its own checks, and leaves nothing running', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--disable-warning=ExperimentalWarning',
        path.join(import.meta.dirname, 'demo.ts'),
        '--customers',
        '20',
        '--vendors',
        '5',
        '--items',
        '10',
        '--invoices',
        '60',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/✔ invoice totals equal QuickBooks to the cent/);
    expect(run.stdout).not.toMatch(/✘/);
    expect(run.stdout).toMatch(/Demo passed in/);
    expect(run.status).toBe(0);
  });
});
