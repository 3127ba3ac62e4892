/**
 * @module
 * The field mappings (Setup and health, Ledgerbridge app home): a read-only view of the package's
 * `QuickBooks_Field_Mapping__mdt` records, grouped by Salesforce object: per mapping, the Salesforce
 * field ⇄ the QuickBooks object and field (and its kind: standard, Desktop data extension, Online
 * custom field), the direction in words (an arrow, with assistive text), the transform in words with
 * its value map, default and format, whether it is active, and a "Shipped default" badge on the
 * defaults the package ships (the standard fields the relay maps itself); and the validation state per
 * connection, from what the relay wrote on it (`Field_Mapping_Problems__c`): every active mapping
 * applies, or the lines saying what it ignores, and on each mapping a connection ignores an
 * "Ignored on <connection>" badge with the reason. A link opens the type's records in Setup.
 *
 * User Interface API does not serve custom metadata types, so the records come from the one
 * cacheable Apex method `FieldMappingController.getMappings` (a platform limit; see that class). The
 * connections are read as Setup and health reads them (`getListRecordsByName`, the All list view),
 * and the problem lines are parsed with the module the relay builds them with (`problemLines.ts`).
 */
import { LightningElement, wire } from 'lwc';
import { getListRecordsByName } from 'lightning/uiListsApi';
import LOCALE from '@salesforce/i18n/locale';
import getMappings from '@salesforce/apex/FieldMappingController.getMappings';
import type { FieldMappingAnswer } from '@salesforce/apex/FieldMappingController.getMappings';

import CONNECTION_OBJECT from '@salesforce/schema/QuickBooks_Connection__c';
import NAME_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Name';
import PROBLEMS_FIELD from '@salesforce/schema/QuickBooks_Connection__c.Field_Mapping_Problems__c';

import titleLabel from '@salesforce/label/c.FieldMappings_Title';
import introLabel from '@salesforce/label/c.FieldMappings_Intro';
import editLabel from '@salesforce/label/c.FieldMappings_Edit';
import editHintLabel from '@salesforce/label/c.FieldMappings_Edit_Hint';
import errorLabel from '@salesforce/label/c.FieldMappings_Error';
import emptyLabel from '@salesforce/label/c.FieldMappings_Empty';
import loadingLabel from '@salesforce/label/c.Common_Loading';
import salesforceFieldLabel from '@salesforce/label/c.FieldMappings_Salesforce_Field';
import directionLabel from '@salesforce/label/c.FieldMappings_Direction';
import quickBooksFieldLabel from '@salesforce/label/c.FieldMappings_QuickBooks_Field';
import transformLabel from '@salesforce/label/c.FieldMappings_Transform';
import stateLabel from '@salesforce/label/c.FieldMappings_State';
import tableOfLabel from '@salesforce/label/c.FieldMappings_Table_Of';
import kindStandardLabel from '@salesforce/label/c.FieldMappings_Kind_Standard';
import kindDataExtensionLabel from '@salesforce/label/c.FieldMappings_Kind_Data_Extension';
import kindOnlineLabel from '@salesforce/label/c.FieldMappings_Kind_Online_Custom_Field';
import toSalesforceLabel from '@salesforce/label/c.FieldMappings_To_Salesforce';
import toQuickBooksLabel from '@salesforce/label/c.FieldMappings_To_QuickBooks';
import bothWaysLabel from '@salesforce/label/c.FieldMappings_Both_Ways';
import copyLabel from '@salesforce/label/c.FieldMappings_Transform_Copy';
import valueMapTransformLabel from '@salesforce/label/c.FieldMappings_Transform_Value_Map';
import truncateLabel from '@salesforce/label/c.FieldMappings_Transform_Truncate';
import defaultTransformLabel from '@salesforce/label/c.FieldMappings_Transform_Default';
import dateLabel from '@salesforce/label/c.FieldMappings_Transform_Date';
import numberLabel from '@salesforce/label/c.FieldMappings_Transform_Number';
import valueMapLabel from '@salesforce/label/c.FieldMappings_Value_Map';
import defaultLabel from '@salesforce/label/c.FieldMappings_Default';
import formatLabelText from '@salesforce/label/c.FieldMappings_Format';
import activeLabel from '@salesforce/label/c.FieldMappings_Active';
import inactiveLabel from '@salesforce/label/c.FieldMappings_Inactive';
import inactiveHintLabel from '@salesforce/label/c.FieldMappings_Inactive_Hint';
import shippedLabel from '@salesforce/label/c.FieldMappings_Shipped';
import shippedHintLabel from '@salesforce/label/c.FieldMappings_Shipped_Hint';
import ignoredOnLabel from '@salesforce/label/c.FieldMappings_Ignored_On';
import validationLabel from '@salesforce/label/c.FieldMappings_Validation';
import allApplyLabel from '@salesforce/label/c.FieldMappings_All_Apply';
import notReadLabel from '@salesforce/label/c.FieldMappings_Not_Read';
import problemsOnLabel from '@salesforce/label/c.FieldMappings_Problems_On';
import noConnectionsLabel from '@salesforce/label/c.FieldMappings_No_Connections';
import connectionsErrorLabel from '@salesforce/label/c.FieldMappings_Connections_Error';

import { errorMessages, fieldValue, packageName, qualified, stringValue } from 'c/ldsUtils';
import type { UiRecord } from 'c/ldsUtils';
import { formatLabel } from 'c/formatters';
import { setupRecordsUrl } from 'c/fieldPolicy';
import { problemLines, problemsByMapping } from './problemLines';

/** What `FieldMappingController.getMappings` answers: the type's key prefix and every record. */
export type Mappings = FieldMappingAnswer;

/** QuickBooks Field Kind picklist values (`QuickBooks_Field_Kind__c`) in words. */
const KIND_WORDS: Readonly<Record<string, string>> = {
  Standard: kindStandardLabel,
  'Data Extension': kindDataExtensionLabel,
  'Online Custom Field': kindOnlineLabel,
};

/** Direction picklist values (`Direction__c`): the arrow shown and its words. */
const DIRECTIONS: Readonly<Record<string, { arrow: string; words: string }>> = {
  'QuickBooks to Salesforce': { arrow: '←', words: toSalesforceLabel },
  'Salesforce to QuickBooks': { arrow: '→', words: toQuickBooksLabel },
  Both: { arrow: '⇄', words: bothWaysLabel },
};

/** Transform picklist values (`Transform__c`) in words. */
const TRANSFORM_WORDS: Readonly<Record<string, string>> = {
  Copy: copyLabel,
  'Value Map': valueMapTransformLabel,
  Truncate: truncateLabel,
  'Default When Empty': defaultTransformLabel,
  'Date Format': dateLabel,
  'Number Format': numberLabel,
};

const FIELDS = [NAME_FIELD, PROBLEMS_FIELD].map(qualified);
const PAGE_SIZE = 50;

interface IgnoredView {
  key: string;
  badge: string;
  reason: string;
}

interface MappingView {
  key: string;
  label: string;
  salesforceField: string;
  quickBooksObject: string;
  quickBooksField: string;
  kindText: string;
  arrow: string;
  directionText: string;
  transformText: string;
  details: { key: string; text: string }[];
  active: boolean;
  shipped: boolean;
  ignored: IgnoredView[];
  rowClass: string;
}

interface GroupView {
  objectName: string;
  headingId: string;
  caption: string;
  mappings: MappingView[];
}

interface ConnectionStateView {
  id: string;
  connectionName: string;
  summary: string;
  lines: string[];
  hasLines: boolean;
  summaryClass: string;
}

/** The value map's pairs as written (`East=E;West=W`), one after another. */
const pairsText = (valueMap: string) =>
  valueMap
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .join(', ');

export default class FieldMappings extends LightningElement {
  labels = {
    title: titleLabel,
    intro: introLabel,
    edit: editLabel,
    editHint: editHintLabel,
    error: errorLabel,
    empty: emptyLabel,
    loading: loadingLabel,
    salesforceField: salesforceFieldLabel,
    direction: directionLabel,
    quickBooksField: quickBooksFieldLabel,
    transform: transformLabel,
    state: stateLabel,
    active: activeLabel,
    inactive: inactiveLabel,
    inactiveHint: inactiveHintLabel,
    shipped: shippedLabel,
    shippedHint: shippedHintLabel,
    validation: validationLabel,
    noConnections: noConnectionsLabel,
    connectionsError: connectionsErrorLabel,
  };

  answer?: Mappings;
  error?: unknown;

  objectApiName = CONNECTION_OBJECT.objectApiName;
  listViewApiName = packageName(CONNECTION_OBJECT.objectApiName, 'All');
  fields = FIELDS;
  pageSize = PAGE_SIZE;
  connections?: UiRecord[];
  connectionsError?: unknown;

  @wire(getMappings)
  wiredMappings({ data, error }: { data?: Mappings; error?: unknown }): void {
    this.answer = data;
    this.error = error;
  }

  @wire(getListRecordsByName, {
    objectApiName: '$objectApiName',
    listViewApiName: '$listViewApiName',
    fields: '$fields',
    pageSize: '$pageSize',
  })
  wiredConnections({ data, error }: { data?: { records: UiRecord[] }; error?: unknown }): void {
    this.connections = data?.records;
    this.connectionsError = error;
  }

  get isLoading(): boolean {
    return !this.answer && !this.error;
  }

  get errors(): string[] | undefined {
    return errorMessages(this.error);
  }

  get isEmpty(): boolean {
    return Boolean(this.answer && this.answer.mappings.length === 0);
  }

  get setupUrl(): string {
    return setupRecordsUrl(this.answer?.keyPrefix);
  }

  get connectionsLoading(): boolean {
    return !this.connections && !this.connectionsError;
  }

  get connectionErrors(): string[] | undefined {
    return errorMessages(this.connectionsError);
  }

  get hasNoConnections(): boolean {
    return Boolean(this.connections && this.connections.length === 0);
  }

  /** Each connection's validation state, by name: every active mapping applies, or what it ignores. */
  get connectionStates(): ConnectionStateView[] {
    return (this.connections ?? [])
      .map((record) => {
        const name = stringValue(record, NAME_FIELD) ?? record.id;
        const text = fieldValue(record, PROBLEMS_FIELD);
        const lines = typeof text === 'string' ? problemLines(text) : [];
        const summary = lines.length
          ? formatLabel(problemsOnLabel, name)
          : formatLabel(text === '' ? allApplyLabel : notReadLabel, name);
        return {
          id: record.id,
          connectionName: name,
          summary,
          lines,
          hasLines: lines.length > 0,
          summaryClass: lines.length ? 'slds-text-color_error' : 'slds-text-color_success',
        };
      })
      .sort((a, b) => a.connectionName.localeCompare(b.connectionName, LOCALE));
  }

  /** Per mapping, the connections that ignore it, and why. */
  private ignoredByMapping(): Map<string, IgnoredView[]> {
    const out = new Map<string, IgnoredView[]>();
    for (const record of this.connections ?? []) {
      const name = stringValue(record, NAME_FIELD) ?? record.id;
      const text = fieldValue(record, PROBLEMS_FIELD);
      for (const [mapping, reasons] of problemsByMapping(typeof text === 'string' ? text : null)) {
        const list = out.get(mapping) ?? [];
        list.push({
          key: `${record.id}-${mapping}`,
          badge: formatLabel(ignoredOnLabel, name),
          reason: reasons.join(' '),
        });
        out.set(mapping, list);
      }
    }
    return out;
  }

  /** The records by Salesforce object (objects and mappings in alphabetical order), each in words. */
  get groups(): GroupView[] {
    const ignored = this.ignoredByMapping();
    const byObject = new Map<string, MappingView[]>();
    for (const m of this.answer?.mappings ?? []) {
      const objectName = m.salesforceObject ?? '';
      const active = m.active === true;
      const direction = (m.direction ? DIRECTIONS[m.direction] : undefined) ?? { arrow: '?', words: m.direction ?? '' };
      const details: { key: string; text: string }[] = [];
      if (m.valueMap) details.push({ key: 'value-map', text: formatLabel(valueMapLabel, pairsText(m.valueMap)) });
      if (m.defaultValue) details.push({ key: 'default', text: formatLabel(defaultLabel, m.defaultValue) });
      if (m.format) details.push({ key: 'format', text: formatLabel(formatLabelText, m.format) });
      const list = byObject.get(objectName) ?? [];
      list.push({
        key: m.developerName,
        label: m.label ?? m.developerName,
        salesforceField: m.salesforceField ?? '',
        quickBooksObject: m.quickBooksObject ?? '',
        quickBooksField: m.quickBooksField ?? '',
        kindText: (m.quickBooksFieldKind && KIND_WORDS[m.quickBooksFieldKind]) ?? m.quickBooksFieldKind ?? '',
        arrow: direction.arrow,
        directionText: direction.words,
        transformText: (m.transform && TRANSFORM_WORDS[m.transform]) ?? m.transform ?? '',
        details,
        active,
        shipped: m.shipped === true,
        ignored: active ? (ignored.get(m.developerName) ?? []) : [],
        rowClass: active ? 'slds-hint-parent' : 'slds-hint-parent slds-text-color_weak',
      });
      byObject.set(objectName, list);
    }
    const compare = (a: string, b: string) => a.localeCompare(b, LOCALE);
    return [...byObject.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([objectName, mappings]) => ({
        objectName,
        headingId: `mapping-${objectName}`,
        caption: formatLabel(tableOfLabel, objectName),
        mappings: mappings.sort((a, b) => compare(a.label, b.label)),
      }));
  }
}
