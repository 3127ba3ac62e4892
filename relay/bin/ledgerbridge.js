#!/usr/bin/env node
// Entry point of the `ledgerbridge` command. The relay is TypeScript run directly by Node's type
// stripping, which needs Node 22.18 or later; `npm install` brings Node 24 for the npm scripts.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `ledgerbridge needs Node.js 22.18 or later (this is ${process.version}).\n` +
      'Run it through npm (npm start, npm run ledgerbridge -- <command>), which uses the Node that npm install brought.\n',
  );
  process.exit(1);
}
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
