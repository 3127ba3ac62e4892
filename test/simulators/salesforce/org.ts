/**
 * @module
 * One simulated org's state: schema, records, sessions, faults, validation rules and the API
 * usage counter, plus the inspection helpers tests use (`records`, `find`, `calls`) and the admin's
 * changes they make (`setCustomMetadata`, `deleteCustomMetadata`).
 */
import { loadPackageMetadata, type FieldDef } from '../../metadata/package-metadata.ts';
import { createSessions, type Sessions } from './auth.ts';
import { deploy, installCustomMetadata, undeploy, type MetadataValue } from './custom-metadata.ts';
import type { DmlContext, ValidationRule } from './dml.ts';
import { createFaults, type Faults } from './faults.ts';
import { DEFAULT_METADATA_ROOT, deployField, loadOrgSchema, type OrgSchema, type SimObject } from './schema.ts';
import { createStore, type RecordStore, type SimRecord } from './store.ts';

export interface OrgOptions {
  readonly namespace?: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Daily API request allocation (`Sforce-Limit-Info` max). Default 100,000. */
  readonly apiLimit?: number;
  /** Session inactivity timeout. Default 2 hours. */
  readonly sessionIdleMs?: number;
  /** Clock, for tests that move time. */
  readonly now?: () => number;
  /** Package source root (default: this repository's `force-app/main/default`). */
  readonly metadataRoot?: string;
}

/** One counted API request, for assertions. */
export interface CallRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly version: string;
  readonly callOptions: string | undefined;
  /** A query's SOQL (`GET /query?q=`), for benches that tell the calls apart. */
  readonly soql?: string;
  /** A Composite request's subrequests in words (`PATCH Account ×200`), for benches that show how calls are packed. */
  readonly subrequests?: readonly string[];
}

export interface SimOrg {
  readonly schema: OrgSchema;
  readonly store: RecordStore;
  readonly sessions: Sessions;
  readonly faults: Faults;
  readonly dml: DmlContext;
  readonly now: () => number;
  readonly orgId: string;
  /** API requests counted so far (Collections/Composite/Graph count as one). */
  apiUsage: number;
  apiLimit: number;
  readonly calls: CallRecord[];
  /** Records of an object (API name as the org knows it, e.g. `lbr__QuickBooks_Invoice__c`). */
  records(object: string): SimRecord[];
  /** The record whose `field` equals `value`, if exactly one. */
  find(object: string, field: string, value: unknown): SimRecord | undefined;
  /** Adds a validation rule (`FIELD_CUSTOM_VALIDATION_EXCEPTION` with the returned message). */
  addValidationRule(object: string, rule: ValidationRule): void;
  /**
   * Deploys a custom metadata record as an admin would: creates `developerName` of `type` (names as
   * the org knows them, e.g. `lbr__QuickBooks_Field_Policy__mdt`, `lbr__Owner__c`), or changes the
   * fields given; `MasterLabel`/`Label` may be given too. Moves `LastModifiedDate`/`SystemModstamp`.
   * Throws what a deployment refuses (unknown field, bad picklist value, missing required field).
   */
  setCustomMetadata(type: string, developerName: string, values: Readonly<Record<string, MetadataValue>>): SimRecord;
  /** Deletes a custom metadata record, as a destructive deployment does; throws when there is none. */
  deleteCustomMetadata(type: string, developerName: string): void;
  objectOrThrow(name: string): SimObject;
  /** Adds a field of the customer's own (a `Region__c` picklist on Account, say), as a deployment does. */
  deployField(object: string, field: FieldDef): void;
}

/** @example const org = createOrg({ clientId: 'id', clientSecret: 's3cret' }); */
export function createOrg(opts: OrgOptions): SimOrg {
  const now = opts.now ?? Date.now;
  const meta = loadPackageMetadata(opts.metadataRoot ?? DEFAULT_METADATA_ROOT);
  const schema = loadOrgSchema({ namespace: opts.namespace ?? '', meta });
  const store = createStore(schema, now);
  installCustomMetadata(schema, store, meta.customMetadataRecords);
  const faults = createFaults();
  const orgId = '00D8d0000000001EAA';
  const sessions = createSessions(
    {
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      sessionIdleMs: opts.sessionIdleMs ?? 2 * 60 * 60 * 1000,
      orgId,
      userId: '0058d0000000001AAA',
    },
    now,
  );
  const rules = new Map<string, ValidationRule[]>();
  // Every org has a standard price book.
  const pricebook = schema.object('Pricebook2');
  if (pricebook) store.insert(pricebook, { Name: 'Standard Price Book', IsStandard: true, IsActive: true });
  const objectOrThrow = (name: string) => {
    const o = schema.object(name);
    if (!o) throw new Error(`No object ${name} in this org`);
    return o;
  };
  return {
    schema,
    store,
    sessions,
    faults,
    dml: { schema, store, rules, takeRowLock: (o, ext) => faults.takeRowLock(o, ext) },
    now,
    orgId,
    apiUsage: 0,
    apiLimit: opts.apiLimit ?? 100_000,
    calls: [],
    records: (name) => store.all(objectOrThrow(name)),
    find(name, field, value) {
      const o = objectOrThrow(name);
      const ids = field === 'Id' ? [String(value)] : store.findBy(o, field, value);
      if (ids.length === 1) return store.get(o, ids[0]!);
      if (ids.length === 0 && !schema.field(o, field)?.externalId) {
        const all = store.all(o).filter((r) => r[field] === value);
        return all.length === 1 ? all[0] : undefined;
      }
      return undefined;
    },
    addValidationRule(name, rule) {
      const o = objectOrThrow(name);
      rules.set(o.name, [...(rules.get(o.name) ?? []), rule]);
    },
    setCustomMetadata: (type, developerName, values) =>
      deploy(schema, store, objectOrThrow(type), developerName, values),
    deleteCustomMetadata: (type, developerName) => undeploy(store, objectOrThrow(type), developerName),
    objectOrThrow,
    deployField: (name, field) => void deployField(objectOrThrow(name), field),
  };
}
