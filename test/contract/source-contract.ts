/**
 * @module
 * What every {@link SourceAdapter} must do, as one jest suite each source runs against itself (the
 * way Hono runs one suite against each runtime adapter): `runSourceContract(name, makeSource)` in a
 * `*.test.ts` that builds the source and hands over payloads it recorded. The suite names no
 * system: whatever is particular to one lives in its runner.
 *
 * @example runSourceContract('the ledger source', async () => ({ source, ctx, connectionId, valid, refusing, deleting, malformed }));
 */
import type { RelayError } from '../../relay/src/lib/result.ts';
import type { SourceAdapter, SourceContext, SourceFailure } from '../../relay/src/sync/adapters.ts';
import { SYNC_ORDER, type CanonicalRecord, type Deletion } from '../../relay/src/sync/model.ts';

/** One stored payload, as the inbox hands it to `decode` (`kind` is what was asked for). */
export interface RecordedPayload {
  readonly kind: string;
  readonly payload: string;
  /** Where it comes from, for test names. */
  readonly name: string;
}

export interface SourceUnderContract {
  readonly source: SourceAdapter;
  /** A connection whose context the source can read. */
  readonly connectionId: string;
  readonly ctx: SourceContext;
  /** The home currency the runner stored for the connection, which its context must give. */
  readonly homeCurrency?: string;
  /** Payloads of normal work; every one decodes, and together they carry every kind of record they hold. */
  readonly valid: readonly RecordedPayload[];
  /** Payloads in which the source system refused something: they decode, with failures. */
  readonly refusing: readonly RecordedPayload[];
  /** Payloads that report records deleted in the source. */
  readonly deleting: readonly RecordedPayload[];
  /** Payloads that cannot be read at all, besides the suite's own (empty, not text, cut short). */
  readonly malformed: readonly RecordedPayload[];
  close?(): Promise<void>;
}

type Decoded = { records: (CanonicalRecord | Deletion)[]; failures: SourceFailure[] };

/** Fields of the canonical model that hold exact decimal strings (`Money`, quantities, rates). */
const DECIMAL_FIELDS = new Set(['balance', 'price', 'total', 'amount', 'unapplied', 'quantity', 'rate']);
const DATE_FIELDS = new Set(['txnDate', 'dueDate']);
const DECIMAL = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Stable, machine-readable: snake_case. */
const CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/** Everything wrong with a record's values, as `path: problem` (none: it is canonical). */
function valueProblems(value: unknown, path: string, key = ''): string[] {
  if (typeof value === 'number' || typeof value === 'bigint') return [`${path}: a JS ${typeof value} (${value})`];
  if (Array.isArray(value)) return value.flatMap((v, i) => valueProblems(v, `${path}[${i}]`, key));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      v === undefined ? [`${path}.${k}: present but undefined`] : valueProblems(v, `${path}.${k}`, k),
    );
  }
  if (DECIMAL_FIELDS.has(key) && !(typeof value === 'string' && DECIMAL.test(value)))
    return [`${path}: not an exact decimal string (${JSON.stringify(value)})`];
  if (DATE_FIELDS.has(key) && !(typeof value === 'string' && DATE.test(value)))
    return [`${path}: not a YYYY-MM-DD day (${JSON.stringify(value)})`];
  return [];
}

/** What is wrong with an error a person reads: a stable code and words, not a dump. */
function errorProblems(e: RelayError): string[] {
  const out: string[] = [];
  if (!CODE.test(e.code)) out.push(`code ${JSON.stringify(e.code)} is not snake_case`);
  if (typeof e.message !== 'string' || !/\S+\s+\S+/.test(e.message)) out.push(`message ${JSON.stringify(e.message)}`);
  else if (/\b(undefined|null|NaN)\b|\[object /.test(e.message)) out.push(`message shows a placeholder: ${e.message}`);
  if (typeof e.retryable !== 'boolean') out.push('retryable is not a boolean');
  return out;
}

function recordProblems(r: CanonicalRecord | Deletion): string[] {
  const where = `${r.type} ${r.id}`;
  const out: string[] = [];
  if (typeof r.id !== 'string' || r.id === '') out.push(`${where}: no id`);
  if (r.type === 'deletion') {
    if (!SYNC_ORDER.includes(r.recordType)) out.push(`${where}: recordType ${String(r.recordType)}`);
    if (Number.isNaN(Date.parse(r.deletedAt))) out.push(`${where}: deletedAt ${r.deletedAt}`);
  } else {
    if (!SYNC_ORDER.includes(r.type)) out.push(`${where}: unknown type`);
    if (Number.isNaN(Date.parse(r.updatedAt))) out.push(`${where}: updatedAt ${r.updatedAt}`);
    if ('lines' in r) {
      const ids = r.lines.map((l) => l.id);
      if (ids.some((id) => !id) || new Set(ids).size !== ids.length) out.push(`${where}: line ids ${ids.join(',')}`);
    }
  }
  return [...out, ...valueProblems(r, where)];
}

/** Decodes without letting a throw escape as anything but a failed expectation. */
function decodeSafely(u: SourceUnderContract, p: RecordedPayload) {
  let result: ReturnType<SourceAdapter['decode']> | undefined;
  expect(() => {
    result = u.source.decode(p.payload, p.kind, u.ctx);
  }).not.toThrow();
  return result!;
}

function decodedOk(u: SourceUnderContract, p: RecordedPayload): Decoded {
  const r = decodeSafely(u, p);
  if (!r.ok) throw new Error(`${p.name} did not decode: ${r.error.code} ${r.error.message}`);
  return r.value;
}

export function runSourceContract(name: string, makeSource: () => Promise<SourceUnderContract>): void {
  describe(`${name} keeps the source contract`, () => {
    let u: SourceUnderContract;
    beforeAll(async () => {
      u = await makeSource();
      // A contract over no payloads would pass for anything.
      expect(u.valid.length).toBeGreaterThan(0);
      expect(u.refusing.length).toBeGreaterThan(0);
      expect(u.deleting.length).toBeGreaterThan(0);
    });
    afterAll(async () => {
      await u?.close?.();
    });

    it('names its system as a short code, its edition in words, the connections it reads and how it is reached', () => {
      expect(u.source.system).toMatch(/^[a-z][a-z0-9]*$/);
      expect(u.source.edition.trim()).not.toBe('');
      expect(u.source.serves).toMatch(/^[a-z][a-z0-9]*$/);
      expect(['push', 'pull']).toContain(u.source.delivery);
    });

    it("reads a connection's context: the home currency as an ISO 4217 code", async () => {
      const ctx = await u.source.context(u.connectionId);
      expect(ctx.homeCurrency).toMatch(/^[A-Z]{3}$/);
      if (u.homeCurrency) expect(ctx.homeCurrency).toBe(u.homeCurrency);
    });

    it('decodes every valid payload into canonical records: type, id, exact decimal strings, never JS numbers', () => {
      const problems: string[] = [];
      let records = 0;
      for (const p of u.valid) {
        const d = decodedOk(u, p);
        records += d.records.length;
        problems.push(...d.records.flatMap(recordProblems).map((x) => `${p.name}: ${x}`));
        problems.push(...d.failures.map((f) => `${p.name}: failure ${f.error.code} in a valid payload`));
      }
      expect(problems).toEqual([]);
      expect(records).toBeGreaterThan(0);
    });

    it('reports what the source refused as failures with the record, a stable code and words', () => {
      const problems: string[] = [];
      let failures = 0;
      for (const p of u.refusing) {
        const d = decodedOk(u, p);
        failures += d.failures.length;
        problems.push(...d.records.flatMap(recordProblems).map((x) => `${p.name}: ${x}`));
        for (const f of d.failures) {
          if (!f.sourceType || !f.sourceId) problems.push(`${p.name}: failure names no record`);
          problems.push(...errorProblems(f.error).map((x) => `${p.name}: ${f.sourceType} ${f.sourceId}: ${x}`));
        }
      }
      expect(problems).toEqual([]);
      expect(failures).toBeGreaterThan(0);
    });

    it('reports deletions with the kind of record and its id', () => {
      const deletions = u.deleting.flatMap((p) =>
        decodedOk(u, p).records.filter((r): r is Deletion => r.type === 'deletion'),
      );
      expect(deletions.length).toBeGreaterThan(0);
      expect(deletions.flatMap(recordProblems)).toEqual([]);
    });

    it('refuses a malformed payload with a typed error in words, and never throws', () => {
      const cut = (p: RecordedPayload): RecordedPayload => ({
        ...p,
        name: `${p.name} cut short`,
        payload: p.payload.slice(0, Math.floor(p.payload.length / 2)),
      });
      const kind = u.valid[0]!.kind;
      const bad = [
        { kind, name: 'an empty payload', payload: '' },
        { kind, name: 'bytes that are no text', payload: '\u0000\u0001\u0002\ufffd' },
        ...u.valid.map(cut),
        ...u.malformed,
      ];
      const problems = bad.flatMap((p) => {
        const r = decodeSafely(u, p);
        if (r.ok) return [`${p.name}: decoded (${r.value.records.length} records)`];
        return errorProblems(r.error).map((x) => `${p.name}: ${x}`);
      });
      expect(problems).toEqual([]);
    });

    it('decodes deterministically: the same payload gives the same records, whatever was decoded between', () => {
      const all = [...u.valid, ...u.refusing, ...u.deleting];
      const first = all.map((p) => decodeSafely(u, p));
      const again = [...all].reverse().map((p) => decodeSafely(u, { ...p }));
      expect(again.reverse()).toStrictEqual(first);
    });
  });
}
