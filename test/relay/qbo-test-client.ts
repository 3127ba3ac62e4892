/**
 * @module
 * TEST-ONLY: a minimal QuickBooks Online client over plain fetch, implementing the relay's
 * `QboClient` face so the target can be tested over sockets before the real client
 * (`relay/src/systems/qbo/api/client.ts`) lands. No retries, no limiter, no token refresh, one
 * fault shape: it is replaced by the real client as soon as that exists, then deleted.
 */
import { parseExactJson, asObject } from '../../relay/src/systems/qbo/api/json.ts';
import type {
  BatchItem,
  BatchItemResult,
  CdcResult,
  QboClient,
  QboFault,
  QboJson,
  QueryOptions,
} from '../../relay/src/systems/qbo/api/types.ts';
import { err, ok, relayError, type Result } from '../../relay/src/lib/result.ts';

const BATCH_MAX = 30;
/** Entities with an `Active` flag: a select by Id reads their inactive records too. */
const NAME_LISTS = new Set(['Customer', 'Vendor', 'Item', 'Account', 'Class', 'Department']);

const faultOf = (body: QboJson | undefined): QboFault | undefined => {
  const f = asObject(body?.Fault);
  const e = asObject(Array.isArray(f?.Error) ? f.Error[0] : undefined);
  if (!e) return undefined;
  return {
    code: String(e.code ?? ''),
    message: String(e.Message ?? ''),
    ...(e.Detail ? { detail: String(e.Detail) } : {}),
    ...(e.element ? { element: String(e.element) } : {}),
    ...(f?.type ? { type: String(f.type) } : {}),
  };
};

/** @example const client = testQboClient(sim.url, realm, () => tokens.access_token); */
export function testQboClient(baseUrl: string, realmId: string, token: () => string): QboClient {
  async function call(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, string>,
    body?: string,
    contentType = 'application/json',
  ): Promise<Result<QboJson>> {
    const q = new URLSearchParams({ ...params, minorversion: '75' });
    const res = await fetch(`${baseUrl}/v3/company/${realmId}${path}?${q}`, {
      method,
      headers: { authorization: `Bearer ${token()}`, accept: 'application/json', 'content-type': contentType },
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    let parsed: QboJson | undefined;
    try {
      parsed = asObject(parseExactJson(text));
    } catch {
      parsed = undefined;
    }
    if (res.ok && parsed) return ok(parsed);
    const fault = faultOf(parsed);
    return err(
      relayError(
        `qbo_fault_${fault?.code ?? res.status}`,
        fault?.message ?? `HTTP ${res.status}: ${text.slice(0, 200)}`,
        {
          retryable: res.status >= 500 || res.status === 429,
        },
      ),
    );
  }

  const sql = (q: string) => call('POST', '/query', {}, q, 'application/text');

  async function* query(entity: string, opts: QueryOptions = {}): AsyncIterable<Result<readonly QboJson[]>> {
    const size = opts.pageSize ?? 1000;
    const where = [opts.where, opts.includeInactive ? 'Active IN (true, false)' : undefined].filter(Boolean);
    for (let start = 1; ; start += size) {
      const page = await sql(
        `SELECT * FROM ${entity}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDERBY ${opts.orderBy ?? 'Id'} STARTPOSITION ${start} MAXRESULTS ${size}`,
      );
      if (!page.ok) {
        yield page;
        return;
      }
      const records = asObject(page.value.QueryResponse)?.[entity];
      const list = Array.isArray(records) ? (records as QboJson[]) : [];
      yield ok(list);
      if (list.length < size) return;
    }
  }

  return {
    realmId,
    query,
    async selectByIds(entity, ids) {
      const out: QboJson[] = [];
      for (let i = 0; i < ids.length; i += 1000) {
        const where = `Id IN (${ids
          .slice(i, i + 1000)
          .map((id) => `'${id}'`)
          .join(', ')})`;
        for await (const page of query(entity, { where, includeInactive: NAME_LISTS.has(entity) })) {
          if (!page.ok) return page;
          out.push(...page.value);
        }
      }
      return ok(out);
    },
    async count(entity, where) {
      const r = await sql(`SELECT COUNT(*) FROM ${entity}${where ? ` WHERE ${where}` : ''}`);
      return r.ok ? ok(Number(asObject(r.value.QueryResponse)?.totalCount ?? 0)) : r;
    },
    async read(entity, id) {
      const r = await call('GET', `/${entity.toLowerCase()}/${id}`, {});
      return r.ok ? ok(asObject(r.value[entity]) ?? {}) : r;
    },
    async cdc(entities, changedSince): Promise<Result<CdcResult>> {
      const r = await call('GET', '/cdc', { entities: entities.join(','), changedSince });
      if (!r.ok) return r;
      const byEntity: Record<string, QboJson[]> = {};
      const responses = Array.isArray(r.value.CDCResponse) ? r.value.CDCResponse : [];
      for (const qr of responses.flatMap((c) => (Array.isArray(asObject(c)?.QueryResponse) ? [asObject(c)!] : []))) {
        for (const part of qr.QueryResponse as QboJson[])
          for (const e of entities) if (Array.isArray(part[e])) byEntity[e] = part[e] as QboJson[];
      }
      return ok({ time: String(r.value.time ?? ''), byEntity });
    },
    async batch(items: readonly BatchItem[], requestId: string) {
      const results: BatchItemResult[] = [];
      for (let i = 0; i < items.length; i += BATCH_MAX) {
        const chunk = items.slice(i, i + BATCH_MAX);
        const body = {
          BatchItemRequest: chunk.map((it) => ({ bId: it.bId, operation: it.operation, [it.entity]: it.body })),
        };
        const r = await call(
          'POST',
          '/batch',
          { requestid: i === 0 ? requestId : `${requestId}-${i / BATCH_MAX}` },
          JSON.stringify(body),
        );
        if (!r.ok) return r;
        const answers = Array.isArray(r.value.BatchItemResponse) ? (r.value.BatchItemResponse as QboJson[]) : [];
        for (const a of answers) {
          const fault = faultOf(a);
          const entity = chunk.find((it) => it.bId === a.bId)?.entity ?? '';
          results.push(
            fault
              ? { bId: String(a.bId), ok: false, fault }
              : { bId: String(a.bId), ok: true, entity: asObject(a[entity]) ?? {} },
          );
        }
      }
      return ok(results);
    },
    async write(entity, operation, body, requestId) {
      const params: Record<string, string> = { requestid: requestId };
      if (operation === 'delete' || operation === 'void') params.operation = operation;
      const r = await call('POST', `/${entity.toLowerCase()}`, params, JSON.stringify(body));
      return r.ok ? ok(asObject(r.value[entity]) ?? {}) : r;
    },
    async companyInfo() {
      const r = await call('GET', `/companyinfo/${realmId}`, {});
      return r.ok ? ok(asObject(r.value.CompanyInfo) ?? {}) : r;
    },
    async preferences() {
      const r = await call('GET', '/preferences', {});
      return r.ok ? ok(asObject(r.value.Preferences) ?? {}) : r;
    },
  };
}
