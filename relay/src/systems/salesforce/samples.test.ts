/**
 * The client's parsers against the real response bodies in fixtures/rest-samples/ (copied from the shared spec, with their SOURCES.md)
 * (Salesforce documentation examples and widely observed error bodies).
 */
import fs from 'node:fs';
import path from 'node:path';
import { joinBulkResults, parseBulkError } from './bulk.ts';
import { parseSaveResults } from './collections.ts';
import { parseSubResponse } from './composite.ts';
import { parseCsvRecords } from './csv.ts';
import { classifyOAuthError, classifySalesforceCode, classifyThrown } from './errors.ts';
import type { GraphNode } from './types.ts';

const SAMPLES = path.join(import.meta.dirname, 'fixtures', 'rest-samples');
const text = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');
const json = <T = unknown>(name: string) => JSON.parse(text(name)) as T;
const node = (ref: string): GraphNode => ({
  ref,
  sobject: 'Account',
  externalIdField: 'QuickBooks_Customer_Id__c',
  record: { QuickBooks_Customer_Id__c: ref },
});

describe('real Salesforce samples', () => {
  it('Collections upsert, all succeeded: ids and the created flag', () => {
    expect(parseSaveResults(json('sobject-collections-upsert.200.ok.json'))).toEqual([
      { ok: true, id: '001xx0000004GxDAAU', created: true },
      { ok: true, id: '001xx0000004GxEAAU', created: false },
    ]);
  });

  it('Collections upsert, partial (allOrNone false): statusCode per record, no id on the failure', () => {
    const [good, bad] = parseSaveResults(json('sobject-collections-upsert.200.partial-allOrNone-false.json'));
    expect(good).toEqual({ ok: true, id: '001xx0000004GxDAAU', created: false });
    expect(bad).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'sf_validation',
        sfCode: 'MALFORMED_ID',
        fields: ['Id'],
        retryable: false,
      }),
    });
  });

  it('Collections upsert, rolled back (allOrNone true): the valid record is retryable, the bad one is not', () => {
    const [rolled, bad] = parseSaveResults(json('sobject-collections-upsert.200.rolledback-allOrNone-true.json'));
    expect(rolled).toMatchObject({
      ok: false,
      id: '001xx0000004GxDAAU',
      error: { code: 'sf_rolled_back', retryable: true },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'sf_validation', sfCode: 'MALFORMED_ID' } });
  });

  it('Composite with allOrNone: a collection body and a PROCESSING_HALTED subrequest (errorCode)', () => {
    const sample = json<{ compositeResponse: { body: unknown; httpStatusCode: number; referenceId: string }[] }>(
      'composite.200.allOrNone-processing-halted.json',
    );
    const [collection, contact] = sample.compositeResponse;
    const inner = parseSaveResults(collection!.body);
    expect(inner[1]).toMatchObject({ ok: false, error: { sfCode: 'DUPLICATES_DETECTED', code: 'sf_validation' } });
    expect(parseSubResponse(node('newContact'), contact)).toMatchObject({
      ok: false,
      error: { code: 'sf_rolled_back', sfCode: 'PROCESSING_HALTED', retryable: true },
    });
  });

  it('Composite Graph: node results by referenceId', () => {
    const sample = json<{
      graphs: {
        graphId: string;
        isSuccessful: boolean;
        graphResponse: { compositeResponse: { body: unknown; httpStatusCode: number; referenceId: string }[] };
      }[];
    }>('composite-graph.200.ok.json');
    const g = sample.graphs[0]!;
    expect(g.isSuccessful).toBe(true);
    const outcomes = g.graphResponse.compositeResponse.map((r) => parseSubResponse(node(r.referenceId), r));
    expect(outcomes.map((o) => [o.ref, o.ok, o.id])).toEqual([
      ['reference_id_account_1', true, '001R00000064wc7IAA'],
      ['reference_id_opportunity_1', true, '006R0000003FPYxIAO'],
    ]);
  });

  it('Bulk 2.0 result files join back by external ID, sf__Error parsed into classes', () => {
    const successful = text('bulk2-successfulResults.sample.csv');
    const failed = text('bulk2-failedResults.sample.csv');
    const unprocessed = text('bulk2-unprocessedrecords.sample.csv');
    expect(parseCsvRecords(successful)[0]).toEqual({
      sf__Id: '001xx0000004GxDAAU',
      sf__Created: 'true',
      QB_Customer_Id__c: 'C-1001',
      Name: 'Acme',
    });
    const out = joinBulkResults('QB_Customer_Id__c', ['C-1005', 'C-1003', 'C-1001', 'C-1004', 'C-1002'], {
      successful,
      failed,
      unprocessed,
    });
    expect(out.map((o) => (o.ok ? `ok:${o.id}:${o.created}` : o.error.code))).toEqual([
      'sf_unavailable',
      'sf_row_locked',
      'ok:001xx0000004GxDAAU:true',
      'sf_validation',
      'ok:001xx0000004GxEAAU:false',
    ]);
    expect(parseBulkError('INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--')).toMatchObject({
      code: 'sf_validation',
      sfCode: 'INVALID_CROSS_REFERENCE_KEY',
      message: 'invalid cross reference id',
    });
  });

  it('Bulk 2.0: a job that is gone (404) classifies as not found', () => {
    const [notFound] = json<{ errorCode: string; message: string }[]>('bulk2-job.404.not-found.json');
    expect(classifySalesforceCode(notFound!.errorCode, notFound!.message).code).toBe('sf_not_found');
  });

  it('top-level REST errors (errorCode) classify as documented', () => {
    const errors =
      json<Record<string, { errorCode: string; message: string; fields?: string[] }[]>>('rest-errors.json');
    const classes = Object.fromEntries(
      Object.entries(errors).map(([k, [e]]) => [
        k,
        classifyThrown({ name: e!.errorCode, errorCode: e!.errorCode, message: e!.message, data: e }).code,
      ]),
    );
    expect(classes).toEqual({
      '401_INVALID_SESSION_ID': 'sf_session_expired',
      '403_REQUEST_LIMIT_EXCEEDED': 'sf_rate_limited',
      '404_NOT_FOUND': 'sf_not_found',
      '400_MALFORMED_ID': 'sf_validation',
    });
  });

  it('token endpoint errors classify', () => {
    const errors = json<Record<string, { error: string; error_description: string }>>('oauth-token.errors.json');
    const classes = Object.fromEntries(
      Object.entries(errors).map(([k, e]) => [k, classifyOAuthError(e.error, e.error_description).code]),
    );
    expect(classes).toEqual({
      '400_no_run_as_user': 'sf_auth_revoked',
      '400_wrong_host_login_salesforce_com': 'sf_auth_revoked',
      '400_bad_client_id': 'sf_auth_invalid_client',
      '400_bad_client_secret': 'sf_auth_invalid_client',
    });
  });
});
