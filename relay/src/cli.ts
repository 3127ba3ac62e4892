/**
 * @module
 * The `ledgerbridge` command line. Reads the environment once (through `loadConfig`) and hands the
 * typed configuration to the command.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { runUntilSignalled } from './server.ts';
import { VERSION } from './version.ts';

interface Command {
  readonly summary: string;
  readonly usage: string;
  run(args: string[], env: Readonly<Record<string, string | undefined>>): Promise<number>;
}

const commands: Record<string, Command> = {
  start: {
    summary: 'Run the relay (HTTP server for the Web Connector, webhooks and health) until stopped',
    usage: 'ledgerbridge start\n\nConfiguration comes from the environment; see .env.example.',
    async run(_args, env) {
      await runUntilSignalled(loadConfig(env));
      return 0;
    },
  },
  migrate: {
    summary: 'Apply pending store migrations (the relay also applies them at start-up)',
    usage:
      'ledgerbridge migrate\n\nUses the embedded store in the data directory, or PostgreSQL when DATABASE_URL is set.',
    async run(_args, env) {
      const { runMigrate } = await import('./store/migrate-command.ts');
      return runMigrate(loadConfig(env), (s) => process.stdout.write(s));
    },
  },
  qwc: {
    summary: 'Write the .qwc file to add Ledgerbridge to the QuickBooks Web Connector',
    usage: 'ledgerbridge qwc [--user NAME] [--password-stdin] [--out FILE]  (see ledgerbridge qwc --help)',
    async run(args, env) {
      const { runQwc } = await import('./systems/qbd/qwc-command.ts');
      const { text } = await import('node:stream/consumers');
      return runQwc(args, loadConfig(env), {
        out: (s) => process.stdout.write(s),
        err: (s) => process.stderr.write(s),
        input: () => text(process.stdin),
      });
    },
  },
  connect: {
    summary: 'Connect a QuickBooks Online company (prints a one-time link) or a Desktop company file through Conductor',
    usage: 'ledgerbridge connect qbo | connect conductor --end-user END_USER_ID  (see ledgerbridge connect --help)',
    async run(args, env) {
      if (args[0] === 'conductor') {
        const { runConnectConductor } = await import('./systems/conductor/connect-command.ts');
        return runConnectConductor(
          args.slice(1),
          loadConfig(env),
          (s) => process.stdout.write(s),
          (s) => process.stderr.write(s),
        );
      }
      const { runConnect } = await import('./systems/qbo/connect-command.ts');
      return runConnect(
        args,
        loadConfig(env),
        (s) => process.stdout.write(s),
        (s) => process.stderr.write(s),
      );
    },
  },
  disconnect: {
    summary:
      'Forget a QuickBooks Online company\u2019s tokens (revoked) or a Conductor company file\u2019s key, and stop syncing it',
    usage: 'ledgerbridge disconnect qbo --realm COMPANY_ID | disconnect conductor --end-user END_USER_ID',
    async run(args, env) {
      if (args[0] === 'conductor') {
        const { runDisconnectConductor } = await import('./systems/conductor/connect-command.ts');
        return runDisconnectConductor(
          args.slice(1),
          loadConfig(env),
          (s) => process.stdout.write(s),
          (s) => process.stderr.write(s),
        );
      }
      const { runDisconnect } = await import('./systems/qbo/connect-command.ts');
      return runDisconnect(
        args,
        loadConfig(env),
        (s) => process.stdout.write(s),
        (s) => process.stderr.write(s),
      );
    },
  },
  dynamics: {
    summary: 'Create in the Dynamics 365 environment what Ledgerbridge needs (columns, keys, sync log, webhook)',
    usage: [
      'Usage: ledgerbridge dynamics provision [--dry-run]',
      '',
      'Creates in the Dynamics 365 environment (DYNAMICS_URL) what Ledgerbridge needs: the columns',
      'lb_quickbooksconnection and lb_quickbooksid with the alternate key lb_quickbooksid_key and the',
      'column lb_syncstatus on account, contact, product, salesorder and invoice; the table lb_synclog;',
      'the webhook endpoint (PUBLIC_URL/dynamics/webhooks, with DYNAMICS_WEBHOOK_KEY) and its steps.',
      'Only what is missing is created: run it again at any time. It prints each item as it is found',
      'or created; if Dataverse refuses a request it stops with the reason (a missing privilege: the',
      'role that grants it) and exits 1, and the next run carries on from there.',
      '',
      '  --dry-run   print what would be created, and change nothing',
    ].join('\n'),
    async run(args, env) {
      if (args[0] !== 'provision') {
        process.stderr.write('Usage: ledgerbridge dynamics provision [--dry-run]\n');
        return 2;
      }
      const { runProvision } = await import('./systems/dynamics/provision-command.ts');
      return runProvision(
        args.slice(1),
        loadConfig(env),
        (s) => process.stdout.write(s),
        (s) => process.stderr.write(s),
      );
    },
  },
  replay: {
    summary: 'Replay failed records (all, one connection’s, or one sync log’s) or a quarantined payload',
    usage:
      'ledgerbridge replay --failed [--connection KEY] | --log LOG_KEY | --inbox INBOX_ID  (see ledgerbridge replay --help)',
    async run(args, env) {
      const { runReplay } = await import('./replay-command.ts');
      return runReplay(args, loadConfig(env), (s) => process.stdout.write(s));
    },
  },
  resync: {
    summary: 'Send every record of one object again through the field mappings in force',
    usage:
      'ledgerbridge resync --object OBJECT [--connection ID] [--direction to-crm|to-books|both]  (see ledgerbridge resync --help)',
    async run(args, env) {
      const { runResync } = await import('./resync-command.ts');
      return runResync(args, loadConfig(env), (s) => process.stdout.write(s));
    },
  },
  reconcile: {
    summary: 'Compare each QuickBooks company with the CRM to the cent, say why they differ, and repair it',
    usage:
      'ledgerbridge reconcile [--connection KEY] [--repair] [--wait MINUTES] | --last  (see ledgerbridge reconcile --help)',
    async run(args, env) {
      const { runReconcile } = await import('./reconcile/command.ts');
      return runReconcile(args, loadConfig(env), (s) => process.stdout.write(s));
    },
  },
  ping: {
    summary: 'Check the store, the Salesforce sign-in and the last Web Connector contact, and say what to fix',
    usage: 'ledgerbridge ping',
    async run(_args, env) {
      const { runPing } = await import('./ping-command.ts');
      const { createLogger } = await import('./lib/logger.ts');
      return runPing(loadConfig(env), createLogger({ level: 'silent' }), (s) => process.stdout.write(s));
    },
  },
  config: {
    summary: 'Validate the configuration in the environment and print it, secrets hidden',
    usage: 'ledgerbridge config',
    async run(_args, env) {
      const { describeConfig } = await import('./config.ts');
      process.stdout.write(JSON.stringify(describeConfig(loadConfig(env)), null, 2) + '\n');
      return 0;
    },
  },
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    `ledgerbridge ${VERSION}: keeps QuickBooks and Salesforce in agreement`,
    '',
    'Usage: ledgerbridge <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `ledgerbridge <command> --help` for a command\u2019s options.',
  ].join('\n');
}

/** Runs the command line; resolves to the process exit code. */
export async function main(
  argv: string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
    allowPositionals: true,
    strict: false,
  });
  const [name, ...rest] = positionals;
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (!name || name === 'help') {
    process.stdout.write(help() + '\n');
    return name || values.help ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${help()}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  // A command parses its own options: hand it everything after its name, not only the positionals.
  const own = argv.slice(argv.indexOf(name) + 1);
  try {
    return await command.run(own.length >= rest.length ? own : rest, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      return 78; // EX_CONFIG
    }
    throw err;
  }
}
