/**
 * @module
 * What the relay keeps of each Dynamics 365 environment (`dynamics_environments`, migration 26):
 * its URL and the Dataverse organization its webhooks name. The organization is not configured:
 * the first webhook a relay with one unclaimed environment receives tells it (`noteOrganization`),
 * and from then on a webhook's `OrganizationId` finds its connection (`byOrganization`). GUIDs are
 * kept lower case.
 */
import type { Db } from '../../../store/db.ts';

export interface DynamicsEnvironment {
  readonly connectionId: string;
  /** The environment (`https://contoso.crm.dynamics.com`), as configured. */
  readonly url: string;
  /** The Dataverse organization's id, lower case; null until a webhook names it. */
  readonly organizationId: string | null;
  /** The relay's application user there, lower case; null until the relay signed in. */
  readonly userId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface Row {
  connection_id: string;
  url: string;
  organization_id: string | null;
  user_id: string | null;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): DynamicsEnvironment => ({
  connectionId: r.connection_id,
  url: r.url,
  organizationId: r.organization_id,
  userId: r.user_id,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const COLUMNS = 'connection_id, url, organization_id, user_id, created_at, updated_at';

/** @example const env = await dynamicsEnvironmentsRepo(store.db).byOrganization(notice.organizationId); */
export function dynamicsEnvironmentsRepo(db: Db, now: () => number = Date.now) {
  const one = async (where: string, value: string) => {
    const [row] = await db.query<Row>(`SELECT ${COLUMNS} FROM dynamics_environments WHERE ${where} = $1`, [value]);
    return row ? fromRow(row) : undefined;
  };
  return {
    /**
     * The connection's environment exists with this URL (the connection row must exist). A changed
     * URL is another environment: the organization and user learned for the old one are forgotten.
     */
    async ensure(e: { readonly connectionId: string; readonly url: string }): Promise<void> {
      const t = now();
      await db.query(
        `INSERT INTO dynamics_environments (connection_id, url, created_at, updated_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (connection_id) DO UPDATE SET url = excluded.url,
           organization_id = CASE WHEN dynamics_environments.url = excluded.url
             THEN dynamics_environments.organization_id ELSE NULL END,
           user_id = CASE WHEN dynamics_environments.url = excluded.url
             THEN dynamics_environments.user_id ELSE NULL END,
           updated_at = CASE WHEN dynamics_environments.url = excluded.url
             THEN dynamics_environments.updated_at ELSE excluded.updated_at END`,
        [e.connectionId, e.url, t],
      );
    },
    byConnection: (connectionId: string) => one('connection_id', connectionId),
    byOrganization: (organizationId: string) => one('organization_id', organizationId.toLowerCase()),
    /**
     * The environment's webhooks come from this organization. Only an environment without an
     * organization (or with this one) takes it, and only while no other environment has it; true
     * when the environment has it now.
     */
    async noteOrganization(connectionId: string, organizationId: string): Promise<boolean> {
      const org = organizationId.toLowerCase();
      const rows = await db.query<{ connection_id: string }>(
        `UPDATE dynamics_environments SET organization_id = $2, updated_at = $3
         WHERE connection_id = $1 AND (organization_id IS NULL OR organization_id = $2)
           AND NOT EXISTS (SELECT 1 FROM dynamics_environments o WHERE o.organization_id = $2 AND o.connection_id <> $1)
         RETURNING connection_id`,
        [connectionId, org, now()],
      );
      return rows.length > 0;
    },
    /** The relay's application user in the environment (as `WhoAmI` names it): its changes are the relay's own. */
    async noteUser(connectionId: string, userId: string): Promise<void> {
      await db.query(`UPDATE dynamics_environments SET user_id = $2, updated_at = $3 WHERE connection_id = $1`, [
        connectionId,
        userId.toLowerCase(),
        now(),
      ]);
    },
    async all(): Promise<DynamicsEnvironment[]> {
      return (
        await db.query<Row>(`SELECT ${COLUMNS} FROM dynamics_environments ORDER BY created_at, connection_id`)
      ).map(fromRow);
    },
  };
}
