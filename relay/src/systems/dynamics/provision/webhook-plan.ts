/**
 * @module
 * The webhook half of the plan (register-web-hook.md, reference §3.9): the `serviceendpoint`
 * (contract 8 Webhook, JSON, the key as `?code=` or in a header), one asynchronous post-operation
 * step per watched table × Create/Update/Delete bound to it, and a post-image on each Create and
 * Update step (a Delete has no row after it). Rows it creates get ids from `stableId`, so an image
 * names its step. An existing endpoint is recognised by its name; its key cannot be read back
 * (write-only), so only a changed URL or kind of authentication updates it.
 */
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import type { Found } from './found.ts';
import { stableId } from './requests.ts';
import { WATCHED_MESSAGES, WATCHED_TABLES, WEBHOOK_ENDPOINT_NAME } from './schema.ts';
import type { PlanPart } from './tables-plan.ts';

export interface WebhookOptions {
  /** Where Dataverse posts, e.g. `https://relay.example.com/dynamics/webhooks`. */
  readonly url: string;
  readonly key: string;
  /** `WebhookKey` (default): `?code=<key>`; `HttpHeader`: the key in `headerName`. */
  readonly auth?: 'WebhookKey' | 'HttpHeader';
  readonly headerName?: string;
}

/** The header the key travels in when `auth` is `HttpHeader`. */
export const DEFAULT_KEY_HEADER = 'x-ledgerbridge-key';

const POST_IMAGE = 'PostImage';
const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function endpointFields(o: WebhookOptions) {
  const header = o.auth === 'HttpHeader';
  return {
    url: o.url,
    authtype: header ? 5 : 4,
    authvalue: header
      ? `<settings><setting name="${xmlAttr(o.headerName ?? DEFAULT_KEY_HEADER)}" value="${xmlAttr(o.key)}" /></settings>`
      : o.key,
  };
}

/**
 * @example planWebhook(found, { url: 'https://relay.example.com/dynamics/webhooks', key: 'k' }, {})
 */
export function planWebhook(
  found: Found,
  options: WebhookOptions,
  headers: Readonly<Record<string, string>>,
): Result<PlanPart> {
  const part: PlanPart = { requests: [], found: [], warnings: [] };
  const fields = endpointFields(options);
  const existing = found.serviceEndpoints.find((e) => e.name === WEBHOOK_ENDPOINT_NAME);
  const endpointId = existing?.serviceendpointid ?? stableId('serviceendpoint', WEBHOOK_ENDPOINT_NAME);
  if (!existing)
    part.requests.push({
      method: 'POST',
      path: 'serviceendpoints',
      body: { serviceendpointid: endpointId, name: WEBHOOK_ENDPOINT_NAME, contract: 8, messageformat: 2, ...fields },
      headers,
      does: `webhook service endpoint for ${options.url}`,
    });
  else if (existing.url !== fields.url || existing.authtype !== fields.authtype)
    part.requests.push({
      method: 'PATCH',
      path: `serviceendpoints(${endpointId})`,
      body: fields,
      headers,
      does: `webhook service endpoint moved to ${options.url}`,
    });
  else part.found.push(`webhook service endpoint for ${options.url}`);

  for (const message of WATCHED_MESSAGES) {
    const m = found.messages.find((x) => x.name === message);
    for (const table of WATCHED_TABLES) {
      const filter = found.messageFilters.find(
        (f) => f.primaryobjecttypecode === table && f._sdkmessageid_value === m?.sdkmessageid,
      );
      if (!m || !filter)
        return err(relayError('dyn_provision_no_message', `The environment has no ${message} message for ${table}.`));
      const what = `step ${message} of ${table}`;
      const step = found.steps.find(
        (s) => s._sdkmessageid_value === m.sdkmessageid && s._sdkmessagefilterid_value === filter.sdkmessagefilterid,
      );
      const stepId = step?.sdkmessageprocessingstepid ?? stableId('step', endpointId, message, table);
      if (!step)
        part.requests.push({
          method: 'POST',
          path: 'sdkmessageprocessingsteps',
          body: {
            sdkmessageprocessingstepid: stepId,
            name: `Ledgerbridge: ${message} of ${table}`,
            stage: 40,
            mode: 1,
            rank: 1,
            asyncautodelete: true,
            supporteddeployment: 0,
            'sdkmessageid@odata.bind': `/sdkmessages(${m.sdkmessageid})`,
            'sdkmessagefilterid@odata.bind': `/sdkmessagefilters(${filter.sdkmessagefilterid})`,
            'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpointId})`,
          },
          headers,
          does: what,
        });
      else {
        part.found.push(what);
        if (step.statecode === 1)
          part.requests.push({
            method: 'PATCH',
            path: `sdkmessageprocessingsteps(${stepId})`,
            body: { statecode: 0, statuscode: 1 },
            headers,
            does: `${what} enabled again`,
          });
        if (step.mode !== 1 || step.stage !== 40)
          part.warnings.push(`The ${what} is not asynchronous post-operation; Ledgerbridge expects it to be.`);
      }
      if (message === 'Delete') continue;
      const images = step?.sdkmessageprocessingstepid_sdkmessageprocessingstepimage ?? [];
      if (images.some((i) => i.imagetype === 1 || i.imagetype === 2)) part.found.push(`post-image of ${what}`);
      else
        part.requests.push({
          method: 'POST',
          path: 'sdkmessageprocessingstepimages',
          body: {
            sdkmessageprocessingstepimageid: stableId('image', stepId),
            name: POST_IMAGE,
            entityalias: POST_IMAGE,
            imagetype: 1,
            messagepropertyname: message === 'Create' ? 'Id' : 'Target',
            'sdkmessageprocessingstepid@odata.bind': `/sdkmessageprocessingsteps(${stepId})`,
          },
          headers,
          does: `post-image of ${what}`,
        });
    }
  }
  return ok(part);
}
