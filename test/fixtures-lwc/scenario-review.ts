/**
 * @module
 * The scripted day the Needs Review component's fixtures are read from: the real relay (in this
 * process, over loopback, its clock fixed) between a simulated org and a QuickBooks Desktop company
 * behind the simulated Web Connector, both ways, by the package's shipped field policy. An Account a
 * rep sends to QuickBooks is then renamed on both sides between sessions: Account Name is "Flag for
 * Review", so the relay copies neither and writes a Conflict log with both values. Another Account
 * is given the name of a customer an Account already mirrors: a Match log naming that customer.
 * Then a person decides the conflict Keep QuickBooks (as the component sets it: Review Decision,
 * Decided At, Decided By) and the relay's next poll applies it (the Account renamed, the log
 * Resolved). Returns the org's Accounts and logs before and after the decision; the caller closes
 * `relay`. The Web Connector user's connection key is a random UUID the fixtures replace.
 */
import type { CompanyOptions } from '../simulators/qbd/company/index.ts';
import { startInProcessRelay, type InProcessRelay } from '../relay/in-process.ts';
import { reverseDriver } from '../relay/support/reverse.ts';

type Row = Record<string, unknown>;

/** A small generated company: its customers' names come from the seed. */
const COMPANY: CompanyOptions = { seed: 37, customers: 2, vendors: 1, items: 1, invoices: 1, bills: 0, payments: 0 };

/** The org's running user (the simulator's), who decides the conflict. */
export const DECIDING_USER = '0058d0000000001AAA';

/** What the org holds at one moment: Accounts and Sync Logs, copied. */
export type OrgSnapshot = Readonly<Record<'Account' | 'QuickBooks_Sync_Log__c', Row[]>>;

export interface ReviewScenario {
  readonly relay: InProcessRelay;
  /** The Web Connector user's connection key (`<key>:<ListID>` in every QuickBooks id the relay writes). */
  readonly connectionKey: string;
  /** The logs waiting for a decision: the conflict and the match. */
  readonly conflictLogId: string;
  readonly matchLogId: string;
  /** The org once both reviews were flagged, and once the conflict's decision was applied. */
  readonly flagged: OrgSnapshot;
  readonly decided: OrgSnapshot;
  records(object: string): Row[];
}

/** A record a step relies on; a relay that no longer writes it stops the scenario saying so. */
function written<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new Error(
      `The review fixture scenario needs ${what}, which the relay did not write: see what it writes now.`,
    );
  return value;
}

/** Runs the day; the caller closes `relay`. */
export async function runReviewScenario(): Promise<ReviewScenario> {
  let t = Date.parse('2026-03-15T16:00:00Z');
  const r = await startInProcessRelay(COMPANY, { now: () => t });
  try {
    const driver = reverseDriver(r, { advance: (ms) => (t += ms) });
    const connectionKey = written((await r.relay.runtime.store.connections.byUsername('acme'))?.id, 'the connection');
    const logs = () => r.sim.org.records('QuickBooks_Sync_Log__c');
    const snapshot = (): OrgSnapshot => ({
      Account: r.sim.org.records('Account').map((x) => ({ ...x })),
      QuickBooks_Sync_Log__c: logs().map((x) => ({ ...x })),
    });
    /** Until nothing more moves: the org read, a session, the org read again. */
    const settle = async () => {
      for (let i = 0; i < 2; i++) {
        await driver.readOrg();
        await driver.session();
      }
      await driver.readOrg();
    };
    // The org stamps its changes to the millisecond: a moment passes between a change and the next.
    const moment = () => new Promise((resolve) => setTimeout(resolve, 5));

    await driver.session(); // the first sync: QuickBooks' customers into the org

    // A rep sends a new Account to QuickBooks; it becomes a customer and is linked to it.
    const delta = driver.insert('Account', {
      Name: 'Delta Freight',
      Phone: '555-0101',
      BillingStreet: '1 Dock Rd',
      BillingCity: 'Reno',
      BillingState: 'NV',
      QuickBooks_Sync_Enabled__c: true,
    }).Id as string;
    await settle();
    const customer = written(
      r.company.list('customer').find((c) => c.name === 'Delta Freight'),
      'the customer of Account Delta Freight',
    );
    await moment();

    // The bookkeeper renames the customer, the rep renames the Account, before the next session.
    r.company.edit('customer', customer.listId, { name: 'Delta Freight Co' });
    driver.update('Account', delta, { Name: 'Delta Freight LLC' });
    await settle();
    const conflict = written(
      logs().find((l) => l.Review_Kind__c === 'Conflict' && l.Account__c === delta),
      'a Conflict log on Account Delta Freight',
    );
    await moment();

    // Another rep adds an Account of the name of a customer an Account already mirrors.
    const existing = written(
      r.company.list('customer').find((c) => !c.parent && c.name !== 'Delta Freight Co'),
      'a customer of the generated company',
    );
    const twin = driver.insert('Account', {
      Name: existing.name.toUpperCase(),
      Phone: '555-0100',
      QuickBooks_Sync_Enabled__c: true,
    }).Id as string;
    await settle();
    const match = written(
      logs().find((l) => l.Review_Kind__c === 'Match' && l.Account__c === twin),
      `a Match log on Account ${existing.name.toUpperCase()}`,
    );
    const flagged = snapshot();

    // A person keeps QuickBooks' name, as Needs Review sets it; the relay's next poll applies it.
    await moment();
    t += 60_000;
    driver.update('QuickBooks_Sync_Log__c', conflict.Id as string, {
      Review_Decision__c: 'Keep QuickBooks',
      Decided_At__c: new Date(t).toISOString(),
      Decided_By__c: DECIDING_USER,
    });
    await settle();
    written(
      logs().find((l) => l.Id === conflict.Id && l.Status__c === 'Resolved'),
      'the conflict log Resolved by the decision',
    );
    return {
      relay: r,
      connectionKey,
      conflictLogId: conflict.Id as string,
      matchLogId: match.Id as string,
      flagged,
      decided: snapshot(),
      records: (object) => r.sim.org.records(object),
    };
  } catch (error) {
    await r.close();
    throw error;
  }
}
