/**
 * @module
 * Dynamics 365 Sales' HTTP endpoint: `POST /dynamics/webhooks`, where Dataverse's webhook steps post
 * a `RemoteExecutionContext` for each Create, Update and Delete. In order: 503 while Dynamics is not
 * configured; the key (`?code=`, or the `x-ledgerbridge-key` header, as provisioning can register
 * it) checked before the body is read — 401, nothing read or stored; 413 for a body over the limit;
 * 400 for a body that is not a RemoteExecutionContext; the notice's organization → its
 * environment's connection (the first webhook claims the one environment without an organization),
 * else 404; then the notice is only stored, and 202 goes back at once (Dataverse waits at most 60 s,
 * and a fetch reads the row later). A notice of a table the relay does not read, or of another
 * message, is acknowledged and dropped. Logs name tables, messages, row and organization ids, never
 * a value from the body.
 */
import { Hono, type Context } from 'hono';
import type { DynamicsConfig } from '../../config/dynamics.ts';
import type { Logger } from '../../lib/logger.ts';
import { readLimitedBody } from '../../lib/limited-body.ts';
import type { Store } from '../../store/index.ts';
import { dynamicsChangesRepo } from './store/changes.ts';
import { dynamicsEnvironmentsRepo } from './store/environments.ts';
import { webhookKeyDigest, webhookKeyValid } from './webhooks/key.ts';
import { parseNotice } from './webhooks/notice.ts';

/** A webhook body refused before it is read: its code, words and status. */
const REFUSED_BODY = {
  too_large: {
    code: 'dyn_webhook_too_large',
    message: (limit: number) => `A webhook delivery is at most ${limit} bytes.`,
    status: 413,
  },
  unreadable: {
    code: 'dyn_webhook_unreadable',
    message: () => 'The webhook body could not be read to its end.',
    status: 400,
  },
} as const;

export interface DynamicsRouteDeps {
  readonly config: DynamicsConfig | undefined;
  readonly store?: Store;
  readonly log: Logger;
  readonly now?: () => number;
  /** Largest body accepted. Dataverse strips a body over 256 KB of its images, so its own stay under it. */
  readonly maxBodyBytes: number;
}

/** The tables whose rows the relay reads; a notice of any other is acknowledged and not stored. */
const READ_TABLES: ReadonlySet<string> = new Set(['account', 'contact', 'product', 'salesorder', 'invoice']);

const problem = (code: string, message: string) => ({ error: { code, message } });

/**
 * The connection whose environment has the organization; the one environment without an
 * organization takes it when none has it yet. Deliveries at once: of one organization, each finds
 * or takes it (taking the organization an environment has is a no-op); of two, one takes it.
 */
async function connectionOf(
  envs: ReturnType<typeof dynamicsEnvironmentsRepo>,
  organizationId: string,
  log: Logger,
): Promise<string | undefined> {
  const known = await envs.byOrganization(organizationId);
  if (known) return known.connectionId;
  const all = await envs.all();
  const justClaimed = all.find((e) => e.organizationId === organizationId.toLowerCase());
  if (justClaimed) return justClaimed.connectionId;
  const [candidate, another] = all.filter((e) => e.organizationId === null);
  if (!candidate || another || !(await envs.noteOrganization(candidate.connectionId, organizationId))) return undefined;
  log.info('a Dynamics 365 environment learned its organization from its first webhook', {
    connection: candidate.connectionId,
    url: candidate.url,
    organizationId,
  });
  return candidate.connectionId;
}

/** @example app.route('/', dynamicsRoutes({ config: config.dynamics, store, log, maxBodyBytes: MAX_BODY_BYTES })); */
export function dynamicsRoutes(d: DynamicsRouteDeps): Hono {
  const app = new Hono();
  const now = d.now ?? Date.now;
  const expected = d.config ? webhookKeyDigest(d.config.webhookKey) : undefined;

  const keyed = (c: Context, key: Buffer) => {
    const request = { url: c.req.url, header: (name: string) => c.req.header(name) };
    return webhookKeyValid(request, key) || webhookKeyValid(request, key, { auth: 'HttpHeader' });
  };

  app.post('/dynamics/webhooks', async (c) => {
    if (!expected || !d.store)
      return c.json(
        problem(
          'dyn_not_configured',
          'Dynamics 365 is not set up on this relay (DYNAMICS_URL, DYNAMICS_TENANT_ID, DYNAMICS_CLIENT_ID, DYNAMICS_CLIENT_SECRET, DYNAMICS_WEBHOOK_KEY).',
        ),
        503,
      );
    if (!keyed(c, expected)) {
      d.log.warn('a Dynamics 365 webhook delivery without the right key was refused', {
        environment: c.req.header('x-ms-dynamics-organization') ?? null,
      });
      return c.json(problem('dyn_webhook_key', 'The webhook key is missing or wrong.'), 401);
    }
    const body = await readLimitedBody(c.req.raw, d.maxBodyBytes);
    if (!body.ok) {
      const refusal = REFUSED_BODY[body.reason];
      d.log.warn('a Dynamics 365 webhook body was refused', { code: refusal.code, limit: d.maxBodyBytes });
      return c.json(problem(refusal.code, refusal.message(d.maxBodyBytes)), refusal.status);
    }
    const parsed = parseNotice(new TextDecoder().decode(body.bytes));
    if (!parsed.ok && parsed.error.code === 'dyn_webhook_message_unsupported') {
      d.log.info('a Dynamics 365 webhook of a message the relay does not read was acknowledged', {
        code: parsed.error.code,
      });
      return c.json({ outcome: 'ignored' }, 202);
    }
    if (!parsed.ok) {
      d.log.warn('a Dynamics 365 webhook body was refused', { code: parsed.error.code });
      return c.json(problem(parsed.error.code, parsed.error.message), 400);
    }
    const notice = parsed.value;
    if (!notice.organizationId)
      return c.json(
        problem(
          'dyn_webhook_invalid',
          'The webhook body is not a Dataverse RemoteExecutionContext: it has no OrganizationId.',
        ),
        400,
      );
    const connectionId = await connectionOf(dynamicsEnvironmentsRepo(d.store.db, now), notice.organizationId, d.log);
    if (!connectionId) {
      d.log.warn('a Dynamics 365 webhook from an organization no environment has was refused', {
        organizationId: notice.organizationId,
      });
      return c.json(
        problem(
          'dyn_unknown_organization',
          `No Dynamics 365 environment of this relay belongs to organization ${notice.organizationId}; nothing was stored.`,
        ),
        404,
      );
    }
    const about = { connection: connectionId, entity: notice.entity, message: notice.messageName, rowId: notice.id };
    if (!READ_TABLES.has(notice.entity)) {
      d.log.debug('a Dynamics 365 webhook of a table the relay does not read was acknowledged', about);
      return c.json({ outcome: 'ignored' }, 202);
    }
    // A change the relay's own application user made is the relay's write: nothing to read back.
    const own = (await dynamicsEnvironmentsRepo(d.store.db, now).byConnection(connectionId))?.userId;
    if (own && notice.initiatingUserId === own) {
      d.log.debug('a Dynamics 365 webhook of the relay’s own write was acknowledged', about);
      return c.json({ outcome: 'own' }, 202);
    }
    const outcome = await dynamicsChangesRepo(d.store.db, now).add(connectionId, notice);
    d.log.debug('a Dynamics 365 webhook notice was received', { ...about, outcome });
    return c.json({ outcome }, 202);
  });

  return app;
}
