/**
 * Tests write only under the OS temp directory. A data directory, database or key left inside the
 * working tree (as `relay/src/.tmp-cli/` once was, key and all) is found here: committed, untracked,
 * or hidden by .gitignore. A leftover from one run fails the next.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..', '..');

/** A relay data directory's contents, or a scratch folder named the way tests name theirs. */
const FORBIDDEN = [/^\.tmp-/, /\.sqlite(-wal|-shm|-journal)?$/, /^secret\.key$/];

const forbidden = (file: string) =>
  file
    .replace(/\/$/, '')
    .split('/')
    .some((part) => FORBIDDEN.some((re) => re.test(part)));

function git(args: string[]): string[] {
  const run = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout.split('\n').filter((line) => line.length > 0);
}

describe('the working tree after tests', () => {
  it('has no committed data directory, database or key', () => {
    expect(git(['ls-files']).filter(forbidden)).toEqual([]);
  });

  it('has none left on disk either, ignored or not', () => {
    // Without --exclude-standard, ignored files count too; --directory names an untracked folder
    // once instead of every file in it (node_modules/).
    expect(git(['ls-files', '--others', '--directory']).filter(forbidden)).toEqual([]);
  });

  it('keeps such paths out of git at any depth', () => {
    const samples = ['relay/src/.tmp-cli/secret.key', 'a/b/ledgerbridge.sqlite', 'secret.key', 'x/.tmp-run/y.txt'];
    const run = spawnSync('git', ['check-ignore', '--no-index', ...samples], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stdout.split('\n').filter(Boolean)).toEqual(samples);
  });
});
