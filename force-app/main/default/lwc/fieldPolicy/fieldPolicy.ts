/**
 * @module
 * The field policy (Setup and health, Ledgerbridge app home): a read-only view of the package's
 * `QuickBooks_Field_Policy__mdt` records, grouped by Salesforce object: per field, which side owns
 * it (QuickBooks, Salesforce, or both: the latest change) and what the relay does when both sides
 * changed it, in words, with the record's reason; and a link to the type's records in Setup, where
 * an admin edits them.
 *
 * User Interface API does not serve custom metadata types, so no Lightning Data Service or GraphQL
 * wire adapter can read them: the records come from the one cacheable Apex method
 * `FieldPolicyController.getPolicies` (a platform limit; see that class).
 */
import { LightningElement, wire } from 'lwc';
import LOCALE from '@salesforce/i18n/locale';
import getPolicies from '@salesforce/apex/FieldPolicyController.getPolicies';
import type { FieldPolicyAnswer } from '@salesforce/apex/FieldPolicyController.getPolicies';

import titleLabel from '@salesforce/label/c.FieldPolicy_Title';
import introLabel from '@salesforce/label/c.FieldPolicy_Intro';
import editLabel from '@salesforce/label/c.FieldPolicy_Edit';
import editHintLabel from '@salesforce/label/c.FieldPolicy_Edit_Hint';
import errorLabel from '@salesforce/label/c.FieldPolicy_Error';
import emptyLabel from '@salesforce/label/c.FieldPolicy_Empty';
import loadingLabel from '@salesforce/label/c.Common_Loading';
import fieldLabel from '@salesforce/label/c.FieldPolicy_Field';
import ownerLabel from '@salesforce/label/c.FieldPolicy_Owner';
import onConflictLabel from '@salesforce/label/c.FieldPolicy_On_Conflict';
import reasonLabel from '@salesforce/label/c.FieldPolicy_Reason';
import tableOfLabel from '@salesforce/label/c.FieldPolicy_Table_Of';
import ownerQuickBooksLabel from '@salesforce/label/c.FieldPolicy_Owner_QuickBooks';
import ownerSalesforceLabel from '@salesforce/label/c.FieldPolicy_Owner_Salesforce';
import ownerBothLabel from '@salesforce/label/c.FieldPolicy_Owner_Both';
import keepQuickBooksLabel from '@salesforce/label/c.FieldPolicy_Conflict_Keep_QuickBooks';
import keepSalesforceLabel from '@salesforce/label/c.FieldPolicy_Conflict_Keep_Salesforce';
import reviewLabel from '@salesforce/label/c.FieldPolicy_Conflict_Review';
import inactiveLabel from '@salesforce/label/c.FieldPolicy_Inactive';

import { errorMessages } from 'c/ldsUtils';
import { formatLabel } from 'c/formatters';

/** What `FieldPolicyController.getPolicies` answers: the type's key prefix and every record. */
export type Policies = FieldPolicyAnswer;

/** Owner picklist values (`Owner__c`) in words. */
const OWNER_WORDS: Readonly<Record<string, string>> = {
  QuickBooks: ownerQuickBooksLabel,
  Salesforce: ownerSalesforceLabel,
  'Most Recent': ownerBothLabel,
};

/** On Conflict picklist values (`On_Conflict__c`) in words. */
const CONFLICT_WORDS: Readonly<Record<string, string>> = {
  'Keep QuickBooks': keepQuickBooksLabel,
  'Keep Salesforce': keepSalesforceLabel,
  'Flag for Review': reviewLabel,
};

/** Setup's list of the custom metadata types, when the type's own records page is not known. */
const SETUP_TYPES = '/lightning/setup/CustomMetadata/home';

/**
 * Setup's page of a custom metadata type's records ("Manage Records"), from its key prefix.
 * @example
 * setupRecordsUrl('m00'); // '/lightning/setup/CustomMetadata/page?address=%2Fm00%3Fsetupid%3DCustomMetadata'
 */
export function setupRecordsUrl(keyPrefix: string | null | undefined): string {
  if (!keyPrefix || !/^[A-Za-z0-9]{3}$/.test(keyPrefix)) return SETUP_TYPES;
  return `/lightning/setup/CustomMetadata/page?address=${encodeURIComponent(`/${keyPrefix}?setupid=CustomMetadata`)}`;
}

interface PolicyView {
  key: string;
  label: string;
  fieldName: string;
  ownerText: string;
  conflictText: string;
  reason: string;
  inactive: boolean;
  rowClass: string;
}

interface GroupView {
  objectName: string;
  headingId: string;
  caption: string;
  policies: PolicyView[];
}

export default class FieldPolicy extends LightningElement {
  labels = {
    title: titleLabel,
    intro: introLabel,
    edit: editLabel,
    editHint: editHintLabel,
    error: errorLabel,
    empty: emptyLabel,
    loading: loadingLabel,
    field: fieldLabel,
    owner: ownerLabel,
    onConflict: onConflictLabel,
    reason: reasonLabel,
    inactive: inactiveLabel,
  };

  answer?: Policies;
  error?: unknown;

  @wire(getPolicies)
  wiredPolicies({ data, error }: { data?: Policies; error?: unknown }): void {
    this.answer = data;
    this.error = error;
  }

  get isLoading(): boolean {
    return !this.answer && !this.error;
  }

  get errors(): string[] | undefined {
    return errorMessages(this.error);
  }

  get isEmpty(): boolean {
    return Boolean(this.answer && this.answer.policies.length === 0);
  }

  get setupUrl(): string {
    return setupRecordsUrl(this.answer?.keyPrefix);
  }

  /** The records by object (objects and fields in alphabetical order), each field in words. */
  get groups(): GroupView[] {
    const byObject = new Map<string, PolicyView[]>();
    for (const p of this.answer?.policies ?? []) {
      const objectName = p.objectName ?? '';
      const inactive = p.active === false;
      const list = byObject.get(objectName) ?? [];
      list.push({
        key: p.developerName,
        label: p.label ?? p.developerName,
        fieldName: p.fieldName ?? '',
        ownerText: (p.owner && OWNER_WORDS[p.owner]) ?? p.owner ?? '',
        conflictText: (p.onConflict && CONFLICT_WORDS[p.onConflict]) ?? p.onConflict ?? '',
        reason: p.reason ?? '',
        inactive,
        rowClass: inactive ? 'slds-hint-parent slds-text-color_weak' : 'slds-hint-parent',
      });
      byObject.set(objectName, list);
    }
    const compare = (a: string, b: string) => a.localeCompare(b, LOCALE);
    return [...byObject.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([objectName, policies]) => ({
        objectName,
        headingId: `policy-${objectName}`,
        caption: formatLabel(tableOfLabel, objectName),
        policies: policies.sort((a, b) => compare(a.label, b.label)),
      }));
  }
}
