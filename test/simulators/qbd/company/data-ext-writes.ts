/**
 * @module
 * The company's data extension definitions (its custom fields: OwnerID `0` for the public ones a
 * user adds in QuickBooks, seeded through `CompanyOptions.dataExtDefs`) and the requests on them:
 * DataExtDefQueryRq answers DataExtDefRet for the OwnerIDs asked; DataExtModRq sets a list
 * record's value and DataExtDelRq removes it — refused as QuickBooks refuses them: a definition the
 * company lacks, or one not assigned to the record's list (3120, "object cannot be found"), a
 * record that is not there (3120), a value longer than the definition's type holds (3210). Setting
 * a value modifies its record, as Intuit's reference says of DataExtAdd and DataExtMod (a Modify
 * event for the parent object, its TimeModified updated): the record's TimeModified and EditSequence
 * move, so a query from a modified date finds it again; removing one is taken to do the same (not
 * said there). Which exact code QuickBooks gives a definition not assigned to the list and a value
 * too long is not confirmed by a capture; the simulator is strict either way.
 */
import type { DataExt } from './records.ts';
import { child, childrenNamed, escapeXml, textOf, type El } from './xml.ts';
import { statusOnly, type RqOutcome } from './query.ts';
import { renderRs } from './render.ts';
import type { ParsedRq } from './request.ts';
import { tick, type CompanyState } from './store.ts';

/** A data extension definition (DataExtDefRet). */
export interface DataExtDef {
  readonly ownerId: string;
  readonly name: string;
  /** STR255TYPE, STR1024TYPE, AMTTYPE, … */
  readonly type: string;
  /** The lists and transactions it is assigned to (AssignToObject), e.g. `['Customer']`. */
  readonly assignTo: readonly string[];
}

/** The most characters a string data extension of each type holds. */
const LENGTH: Readonly<Record<string, number>> = { STR255TYPE: 255, STR1024TYPE: 1024 };

/** The lists DataExtMod names by ListDataExtType, as the simulator holds them. */
const LISTS = { Customer: 'customer', Vendor: 'vendor', Item: 'item', Account: 'account' } as const;

const t = (name: string, v: string) => `<${name}>${escapeXml(v)}</${name}>`;

const definedFor = (state: CompanyState, owner: string, name: string) =>
  state.dataExtDefs.find((d) => d.ownerId.toLowerCase() === owner.toLowerCase() && d.name === name);

/** DataExtDefQueryRq: the definitions of the OwnerIDs (or AssignToObjects) asked; all public ones with neither. */
export function dataExtDefQuery(state: CompanyState, rq: ParsedRq): RqOutcome {
  const owners = childrenNamed(rq.el, 'OwnerID').map((o) => o.text.toLowerCase());
  const objects = childrenNamed(rq.el, 'AssignToObject').map((o) => o.text);
  const found = state.dataExtDefs.filter(
    (d) =>
      (owners.length ? owners.includes(d.ownerId.toLowerCase()) : d.ownerId === '0') &&
      (!objects.length || d.assignTo.some((a) => objects.includes(a))),
  );
  if (!found.length) return statusOnly(rq, 1, 'Info', 'A query request did not find a matching object in QuickBooks');
  const rets = found.map(
    (d, i) =>
      `<DataExtDefRet>${t('OwnerID', d.ownerId)}${t('DataExtID', String(i + 1))}${t('DataExtName', d.name)}` +
      `${t('DataExtType', d.type)}${d.assignTo.map((a) => t('AssignToObject', a)).join('')}` +
      `${t('DataExtListRequire', 'false')}${t('DataExtTxnRequire', 'false')}${t('DataExtFormatString', '')}</DataExtDefRet>\n`,
  );
  return {
    xml: renderRs(
      'DataExtDefQueryRs',
      { requestId: rq.requestId, code: 0, severity: 'Info', message: 'Status OK', retCount: found.length },
      rets.join(''),
    ),
    severity: 'Info',
  };
}

type ListRecord = {
  readonly listId: string;
  readonly fullName?: string;
  readonly name?: string;
  readonly dataExt?: readonly DataExt[];
  readonly timeModified: string;
  readonly editSequence: string;
};

/** The record with its data extensions set, modified now (TimeModified and EditSequence move). */
const modified = (state: CompanyState, rec: ListRecord, dataExt: readonly DataExt[]): ListRecord => {
  const { time, editSequence } = tick(state);
  return { ...rec, dataExt, timeModified: time, editSequence };
};

/** DataExtModRq / DataExtDelRq on a list record. */
export function dataExtWrite(state: CompanyState, rq: ParsedRq): RqOutcome {
  const del = rq.type === 'DataExtDel';
  const body = child(rq.el, del ? 'DataExtDel' : 'DataExtMod') as El;
  const owner = textOf(body, 'OwnerID') ?? '';
  const name = textOf(body, 'DataExtName') ?? '';
  const listType = textOf(body, 'ListDataExtType');
  const objRef = child(body, 'ListObjRef');
  const refuse = (code: number, message: string) => statusOnly(rq, code, 'Error', message);
  if (!listType || !objRef || !(listType in LISTS))
    return refuse(3250, 'This feature is not enabled or not available in this version of QuickBooks.');
  const def = definedFor(state, owner, name);
  if (!def) return refuse(3120, `Object "${name}" specified in the request cannot be found.`);
  if (!def.assignTo.includes(listType))
    return refuse(3120, `Object "${name}" specified in the request cannot be found for the ${listType} list.`);
  const table = state.tables[LISTS[listType as keyof typeof LISTS]] as Map<string, ListRecord>;
  const listId = textOf(objRef, 'ListID');
  const fullName = textOf(objRef, 'FullName');
  const rec = listId
    ? table.get(listId)
    : [...table.values()].find((r) => (r.fullName ?? r.name)?.toLowerCase() === fullName?.toLowerCase());
  if (!rec) return refuse(3120, `Object "${listId ?? fullName ?? ''}" specified in the request cannot be found.`);
  const others = (rec.dataExt ?? []).filter((d) => !(d.name === name && (d.ownerId ?? '0') === def.ownerId));
  if (del) {
    if (others.length === (rec.dataExt ?? []).length)
      return refuse(3120, `Object "${name}" specified in the request cannot be found.`);
    table.set(rec.listId, modified(state, rec, others));
    const ret =
      `<DataExtDelRet>${t('OwnerID', def.ownerId)}${t('DataExtName', name)}${t('ListDataExtType', listType)}` +
      `<ListObjRef>${t('ListID', rec.listId)}${t('FullName', rec.fullName ?? rec.name ?? '')}</ListObjRef></DataExtDelRet>\n`;
    return {
      xml: renderRs('DataExtDelRs', { requestId: rq.requestId, code: 0, severity: 'Info', message: 'Status OK' }, ret),
      severity: 'Info',
    };
  }
  const value = textOf(body, 'DataExtValue') ?? '';
  const max = LENGTH[def.type];
  if (max !== undefined && [...value].length > max)
    return refuse(
      3210,
      `The "DataExtValue" field has an invalid value "${value.slice(0, 20)}…": ${def.name} holds ${max} characters.`,
    );
  table.set(rec.listId, modified(state, rec, [...others, { ownerId: def.ownerId, name, type: def.type, value }]));
  const ret = `<DataExtRet>${t('OwnerID', def.ownerId)}${t('DataExtName', name)}${t('DataExtType', def.type)}${t('DataExtValue', value)}</DataExtRet>\n`;
  return {
    xml: renderRs('DataExtModRs', { requestId: rq.requestId, code: 0, severity: 'Info', message: 'Status OK' }, ret),
    severity: 'Info',
  };
}
