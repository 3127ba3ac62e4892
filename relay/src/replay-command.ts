/**
 * @module
 * `ledgerbridge replay`: puts failed writes back in line. The running relay sends them on its next
 * round; each is an upsert by external ID, so a replay never creates a duplicate. `--inbox` puts a
 * quarantined payload (one the relay could not read) back in line, once the relay can read it.
 */
import { parseArgs } from 'node:util';
import type { Config } from './config.ts';
import { openStore, storeLocation } from './store/index.ts';
import type { InboxRepo } from './store/inbox.ts';
import { outboxRepo } from './store/outbox.ts';

export const REPLAY_USAGE = `ledgerbridge replay --failed [--connection KEY]
ledgerbridge replay --log LOG_KEY [--log LOG_KEY ...]
ledgerbridge replay --inbox INBOX_ID [--inbox INBOX_ID ...]

  --failed          replay every failed record (of one connection with --connection)
  --log LOG_KEY     replay the record of one sync log (its Log Key in Salesforce; in Dynamics,
                    the id of its Ledgerbridge Sync Log row)
  --inbox INBOX_ID  read a quarantined payload again (the last part of its sync log's key)

The relay must be running (ledgerbridge start) to send them; failures are listed in Salesforce
under QuickBooks Sync Logs and in Dynamics under Ledgerbridge Sync Logs, where ticking "Replay
Requested" does the same.`;

/** @returns the process exit code */
export async function runReplay(args: string[], config: Config, out: (s: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      failed: { type: 'boolean', default: false },
      connection: { type: 'string' },
      log: { type: 'string', multiple: true },
      inbox: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (!values.failed && !values.log?.length && !values.inbox?.length)) {
    out(REPLAY_USAGE + '\n');
    return values.help ? 0 : 2;
  }
  const store = await openStore(storeLocation(config));
  try {
    if (values.inbox?.length) return await requeueInbox(store.inbox, values.inbox, out);
    const outbox = outboxRepo(store.db);
    const ids: string[] = [];
    for (const key of values.log ?? []) {
      const row = (await outbox.failureLog(key))?.write;
      if (!row) {
        out(`No failed write for sync log ${key}: check the key (the sync log's Log Key field).\n`);
        return 1;
      }
      if (row.status !== 'failed') out(`${key} is not failed (${row.status}); nothing to replay.\n`);
      else ids.push(row.id);
    }
    const n = values.failed
      ? await outbox.replay(values.connection ? { connectionId: values.connection } : {})
      : await outbox.replay({ ids });
    out(
      n === 0
        ? 'Nothing to replay: no failed records.\n'
        : `${n} failed record(s) queued for replay; the running relay sends them on its next round.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

const REQUEUED: Readonly<Record<Awaited<ReturnType<InboxRepo['requeue']>>, string>> = {
  requeued: 'queued to be read again; the running relay reads it on its next round.',
  not_quarantined: 'is not a quarantined payload (check the id); nothing to replay.',
  read_again: 'was not queued: its records were read again since, by a later session, and are newer there.',
};

async function requeueInbox(inbox: InboxRepo, ids: readonly string[], out: (s: string) => void): Promise<number> {
  let code = 0;
  for (const id of ids) {
    const outcome = await inbox.requeue(id);
    if (outcome === 'not_quarantined') code = 1;
    out(`Inbox ${id} ${REQUEUED[outcome]}\n`);
  }
  return code;
}
