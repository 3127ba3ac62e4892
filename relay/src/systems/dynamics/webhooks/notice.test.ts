import fs from 'node:fs';
import path from 'node:path';
import { webhookKeyDigest, webhookKeyValid } from './key.ts';
import { parseNotice } from './notice.ts';

const recorded = fs.readFileSync(
  path.join(import.meta.dirname, '..', 'fixtures', 'webhook-contact-update.powerapps-docs.json'),
  'utf8',
);

function notice(body: string) {
  const r = parseNotice(body);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('Dataverse webhook notices', () => {
  it('reads the recorded contact Update: row, time in UTC, de-duplication key, changed columns and post-image', () => {
    expect(notice(recorded)).toEqual({
      messageName: 'Update',
      entity: 'contact',
      id: '6d81597f-0f9f-e711-8122-000d3aa2331c',
      changedAt: '2017-09-26T07:04:08.000Z',
      dedupeKey: '4af10637-4ea2-e711-8122-000d3aa2331c:75417616-4ea2-e711-8122-000d3aa2331c',
      correlationId: 'b374239d-4233-41a9-8b17-a86cb4f737b5',
      initiatingUserId: '75c2dd85-e89e-e711-8122-000d3aa2331c',
      organizationId: '4ef5b371-e89e-e711-8122-000d3aa2331c',
      changed: {
        firstname: 'James',
        contactid: '6d81597f-0f9f-e711-8122-000d3aa2331c',
        fullname: 'James Glynn (sample)',
        yomifullname: 'James Glynn (sample)',
        modifiedon: '2017-09-26T00:04:07.000Z',
        modifiedby: { logicalName: 'systemuser', id: '75c2dd85-e89e-e711-8122-000d3aa2331c' },
        modifiedonbehalfby: null,
      },
      postImage: { fullname: 'James Glynn (sample)', contactid: '6d81597f-0f9f-e711-8122-000d3aa2331c' },
    });
  });

  it('ignores properties it does not know and keeps money exact', () => {
    const body = JSON.parse(recorded) as Record<string, unknown>;
    body.InitiatingUserAgent = 'Mozilla/5.0';
    body.PostEntityImages = [
      {
        key: 'PostImage',
        value: {
          Attributes: [
            {
              key: 'creditlimit',
              value: { __type: 'Money:http://schemas.microsoft.com/xrm/2011/Contracts', Value: 0 },
            },
          ],
        },
      },
    ];
    const text = JSON.stringify(body).replace('"Value":0', '"Value":12345678901234.1234');
    expect(notice(text).postImage).toEqual({ creditlimit: '12345678901234.1234' });
  });

  it.each([
    ['PrimaryEntityId', 'PrimaryEntityId: Invalid input'],
    ['OperationId', 'OperationId: Invalid input'],
    ['OperationCreatedOn', 'OperationCreatedOn'],
    ['MessageName', 'MessageName'],
  ])('names the missing field %s', (field, words) => {
    const body = JSON.parse(recorded) as Record<string, unknown>;
    delete body[field];
    const r = parseNotice(JSON.stringify(body));
    expect(r).toMatchObject({ ok: false, error: { code: 'dyn_webhook_invalid' } });
    expect(!r.ok && r.error.message).toContain(words);
  });

  it('refuses what is not JSON, and messages it does not read', () => {
    expect(parseNotice('<xml/>')).toMatchObject({ ok: false, error: { code: 'dyn_webhook_invalid' } });
    const assign = recorded.replace('"MessageName": "Update"', '"MessageName": "Assign"');
    expect(parseNotice(assign)).toMatchObject({ ok: false, error: { code: 'dyn_webhook_message_unsupported' } });
  });
});

describe('the webhook key', () => {
  const expected = webhookKeyDigest('s3cret');
  const req = (url: string, headers: Record<string, string> = {}) => ({ url, header: (n: string) => headers[n] });

  it('is read from ?code= by default and from the configured header otherwise', () => {
    expect(webhookKeyValid(req('/dynamics/webhooks?code=s3cret'), expected)).toBe(true);
    expect(webhookKeyValid(req('/dynamics/webhooks?code=s3cre'), expected)).toBe(false);
    expect(webhookKeyValid(req('/dynamics/webhooks'), expected)).toBe(false);
    expect(webhookKeyValid(req('/dynamics/webhooks', { 'x-ledgerbridge-key': 's3cret' }), expected)).toBe(false);
    const header = { auth: 'HttpHeader' as const };
    expect(webhookKeyValid(req('/x', { 'x-ledgerbridge-key': 's3cret' }), expected, header)).toBe(true);
    expect(webhookKeyValid(req('/x?code=s3cret'), expected, header)).toBe(false);
    expect(webhookKeyValid(req('/x', { 'x-k': 's3cret' }), expected, { ...header, headerName: 'x-k' })).toBe(true);
  });
});
