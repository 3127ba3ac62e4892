#!/usr/bin/env node
// Entry point of the `ledgerbridge` command. The relay is TypeScript run directly by Node's type
// stripping, which needs Node 22.18 or later; `npm install` brings Node 24 for the npm scripts.
import { enableCache, warmCompileCache } from './compile-cache.js';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `ledgerbridge needs Node.js 22.18 or later (this is ${process.version}).\n` +
      'Run it through npm (npm start, npm run ledgerbridge -- <command>), which uses the Node that npm install brought.\n',
  );
  process.exit(1);
}
// Memory: the relay is a long-running service meant to fit a small VM. V8 sizes its heap from the
// machine's memory and collects lazily when there is plenty (a 50,000-invoice first sync held about
// 100 MiB of live objects but grew past 500 MiB on a 24 GiB machine), and glibc keeps freed
// multi-megabyte buffers (every Web Connector page passes through several) in its own heap. Both
// are fixed when the process starts, so `ledgerbridge start` re-executes itself once, in place
// (same process id), with the young generation at 16 MiB a half-space, the old generation bounded
// and large buffers given back to the system. Settings given explicitly win: a Node option on the
// command line or in NODE_OPTIONS (NODE_OPTIONS=--max-old-space-size=1024 for a larger heap), or a
// MALLOC_* variable. Where process.execve does not exist (Windows), the relay runs as launched.
const TUNING = { '--max-semi-space-size': '16', '--max-old-space-size': '256' };
const MALLOC = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };
// Node's compile cache spares the relay loading the TypeScript stripper (see compile-cache.js);
// `start` warms it first for the flags the service will run with.
if (process.argv[2] === 'start') {
  const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  const flags = Object.entries(TUNING)
    .filter(([flag]) => !given.includes(flag))
    .map(([flag, value]) => `${flag}=${value}`);
  const reexec = flags.length > 0 && typeof process.execve === 'function';
  warmCompileCache(reexec ? [...flags, ...process.execArgv] : process.execArgv);
  if (reexec) {
    process.execve(process.execPath, [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)], {
      ...MALLOC,
      ...process.env,
    });
  }
}
enableCache();
// The embedded store uses node:sqlite, which Node 24 still labels experimental; its warning
// would only confuse the people running the relay. Every other warning is shown as usual.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  if (type === 'ExperimentalWarning' && String(warning).includes('SQLite')) return;
  emitWarning(warning, ...rest);
};
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
