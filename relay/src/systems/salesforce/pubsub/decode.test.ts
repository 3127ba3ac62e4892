import fs from 'node:fs';
import path from 'node:path';
import avro from 'avsc';
import { decodeChangeEvent, eventSchemaFromJson, isOwnChange, SchemaCache } from './decode.ts';

/** pozil's client output for one Account update (its bitmaps already decoded to names). */
const sample = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'cdc-AccountChangeEvent.decoded.pozil.json'), 'utf8'),
) as { payload: Record<string, unknown> & { ChangeEventHeader: Record<string, unknown> } };

const nullable = (type: unknown) => ({ type: ['null', type], default: null });
const ADDRESS = {
  type: 'record',
  name: 'Address',
  fields: [
    'Street',
    'City',
    'State',
    'PostalCode',
    'Country',
    'StateCode',
    'CountryCode',
    'Latitude',
    'Longitude',
    'Xyz',
    'GeocodeAccuracy',
  ].map((name) => ({ name, ...nullable(name === 'Latitude' || name === 'Longitude' ? 'double' : 'string') })),
};
const HEADER = {
  type: 'record',
  name: 'ChangeEventHeader',
  fields: [
    { name: 'entityName', type: 'string' },
    { name: 'recordIds', type: { type: 'array', items: 'string' } },
    {
      name: 'changeType',
      type: {
        type: 'enum',
        name: 'ChangeType',
        symbols: [
          'CREATE',
          'UPDATE',
          'DELETE',
          'UNDELETE',
          'GAP_CREATE',
          'GAP_UPDATE',
          'GAP_DELETE',
          'GAP_UNDELETE',
          'GAP_OVERFLOW',
        ],
      },
    },
    { name: 'changeOrigin', type: 'string' },
    { name: 'transactionKey', type: 'string' },
    { name: 'sequenceNumber', type: 'int' },
    { name: 'commitTimestamp', type: 'long' },
    { name: 'commitNumber', type: 'long' },
    { name: 'commitUser', type: 'string' },
    { name: 'nulledFields', type: { type: 'array', items: 'string' } },
    { name: 'diffFields', type: { type: 'array', items: 'string' } },
    { name: 'changedFields', type: { type: 'array', items: 'string' } },
  ],
};
const LONGS = new Set(['CreatedDate', 'LastModifiedDate']);
const fieldType = (name: string): unknown => {
  if (name === 'BillingAddress') return ADDRESS;
  if (name === 'ShippingAddress') return 'Address';
  if (LONGS.has(name)) return 'long';
  if (name === 'AnnualRevenue') return 'double';
  if (name === 'NumberOfEmployees' || name === 'YearStarted') return 'int';
  return 'string';
};
/** An AccountChangeEvent schema shaped like Salesforce's, with the sample's fields in the sample's order. */
const SCHEMA = {
  type: 'record',
  name: 'AccountChangeEvent',
  namespace: 'com.sforce.eventbus',
  fields: Object.keys(sample.payload).map((name) =>
    name === 'ChangeEventHeader' ? { name, type: HEADER } : { name, ...nullable(fieldType(name)) },
  ),
};
/** The test's own writer (avsc's stock types), independent of the decoder's reader. */
const writer = avro.Type.forSchema(SCHEMA as avro.Schema, { wrapUnions: false });
const schema = eventSchemaFromJson(JSON.stringify(SCHEMA));

const header = (overrides: Record<string, unknown>) => ({
  ...sample.payload.ChangeEventHeader,
  sequenceNumber: 1,
  commitNumber: 11657372702432,
  nulledFields: [],
  diffFields: [],
  changedFields: [],
  ...overrides,
});
const nulls = Object.fromEntries(Object.keys(sample.payload).map((name) => [name, null]));

describe('change event decoding', () => {
  it('decodes the recorded Account update to the shape pozil recorded, bitmaps as names', () => {
    // Bit 4 is BillingAddress, bit 22 LastModifiedDate; City and State are children 1 and 2.
    const payload = writer.toBuffer({
      ...sample.payload,
      ChangeEventHeader: header({ changedFields: ['0x400010', '4-0x6'] }),
    });
    const expected = sample.payload.ChangeEventHeader;
    expect(decodeChangeEvent(schema, payload)).toStrictEqual({
      entity: expected['entityName'],
      changeType: expected['changeType'],
      recordIds: expected['recordIds'],
      changedFields: expected['changedFields'],
      nulledFields: [],
      diffFields: [],
      changeOrigin: expected['changeOrigin'],
      commitTimestamp: expected['commitTimestamp'],
      fields: { BillingAddress: { City: 'San Francisco', State: 'CA' }, LastModifiedDate: 1696444513000 },
    });
  });

  it('keeps every non-null value of a create, numbers as numbers, and names nulled fields', () => {
    const payload = writer.toBuffer({
      ...nulls,
      ChangeEventHeader: header({ changeType: 'CREATE', changedFields: [], nulledFields: ['0x8'] }),
      Name: 'Acme Ltd',
      AnnualRevenue: 1250000.5,
      NumberOfEmployees: 42,
      ShippingAddress: { ...Object.fromEntries(ADDRESS.fields.map((f) => [f.name, null])), Latitude: 51.5 },
    });
    const event = decodeChangeEvent(schema, payload);
    expect(event.changeType).toBe('CREATE');
    expect(event.nulledFields).toEqual(['ParentId']);
    expect(event.fields).toStrictEqual({
      Name: 'Acme Ltd',
      ShippingAddress: { Latitude: 51.5 },
      AnnualRevenue: 1250000.5,
      NumberOfEmployees: 42,
    });
  });

  it('decodes a gap event: header only, record ids to re-read', () => {
    const payload = writer.toBuffer({
      ...nulls,
      ChangeEventHeader: header({ changeType: 'GAP_UPDATE', recordIds: ['001A', '001B'], changeOrigin: '' }),
    });
    const event = decodeChangeEvent(schema, payload);
    expect(event).toMatchObject({ changeType: 'GAP_UPDATE', recordIds: ['001A', '001B'], changeOrigin: '' });
    expect(event.fields).toStrictEqual({});
  });

  it('reads a long past 2^53 as a bigint instead of failing or rounding', () => {
    const longSchema = {
      type: 'record',
      name: 'L',
      fields: [
        { name: 'n', type: 'long' },
        { name: 'm', ...nullable('long') },
      ],
    };
    const big = 2n ** 60n + 1n;
    const bytes = Buffer.concat([zigzag(big), Buffer.from([2]), zigzag(5n)]);
    expect(eventSchemaFromJson(JSON.stringify(longSchema)).type.fromBuffer(bytes)).toEqual({ n: big, m: 5 });
  });

  it('refuses a payload that is not a change event', () => {
    const platformEvent = { type: 'record', name: 'Order__e', fields: [{ name: 'Amount__c', type: 'double' }] };
    const s = eventSchemaFromJson(JSON.stringify(platformEvent));
    expect(() =>
      decodeChangeEvent(s, avro.Type.forSchema(platformEvent as avro.Schema).toBuffer({ Amount__c: 1 })),
    ).toThrow(/ChangeEventHeader/);
    expect(() => eventSchemaFromJson('"string"')).toThrow(/record/);
  });
});

describe('schema cache', () => {
  it('fetches each schema id once, shares a fetch in flight, and forgets a failed fetch', async () => {
    const cache = new SchemaCache();
    const asked: string[] = [];
    let fail = true;
    const fetchJson = async (id: string) => {
      asked.push(id);
      if (id === 'flaky' && fail) throw new Error('unavailable');
      return JSON.stringify(SCHEMA);
    };
    const [a, b] = await Promise.all([cache.get('s1', fetchJson), cache.get('s1', fetchJson)]);
    expect(a).toBe(b);
    expect(await cache.get('s1', fetchJson)).toBe(a);
    await expect(cache.get('flaky', fetchJson)).rejects.toThrow('unavailable');
    fail = false;
    await expect(cache.get('flaky', fetchJson)).resolves.toHaveProperty('layout');
    expect(asked).toEqual(['s1', 'flaky', 'flaky']);
  });
});

describe('own changes (echo fast path)', () => {
  it.each([
    ['com/salesforce/api/rest/66.0;client=qb-relay', true],
    ['com/salesforce/api/soap/58.0;client=qb-relay/', true],
    ['com/salesforce/api/rest/66.0;client=qb-relay/2.1', true],
    ['com/salesforce/api/rest/66.0;client=qb-relay2', false],
    ['com/salesforce/api/rest/66.0;client=SfdcInternalAPI/', false],
    ['com/salesforce/api/rest/66.0', false],
    ['', false],
  ])('%s → %s', (changeOrigin, own) => {
    expect(isOwnChange({ changeOrigin }, 'qb-relay')).toBe(own);
  });
});

/** Avro's zig-zag varint, written here so the big long does not pass through the code under test. */
function zigzag(value: bigint): Buffer {
  let n = value >= 0n ? value << 1n : (-value << 1n) - 1n;
  const bytes: number[] = [];
  do {
    const low = Number(n & 0x7fn);
    n >>= 7n;
    bytes.push(n > 0n ? low | 0x80 : low);
  } while (n > 0n);
  return Buffer.from(bytes);
}
