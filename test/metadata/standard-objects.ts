/**
 * @module
 * The standard objects' fields the relay (and the package) touches, as a real org defines them.
 * The metadata check and the Salesforce org simulator add the package's own fields to these.
 * Only what Ledgerbridge uses is listed; a field missing here is treated as not existing.
 */
import type { FieldDef } from './package-metadata.ts';

const id = (name: string, required = false): FieldDef => ({ name, type: 'Id', required, custom: false });
const str = (name: string, length: number, required = false): FieldDef => ({
  name,
  type: 'Text',
  length,
  required,
  custom: false,
});
const ref = (name: string, referenceTo: string, relationshipName: string, required = false): FieldDef => ({
  name,
  type: 'Lookup',
  referenceTo,
  relationshipName,
  required,
  custom: false,
});
const of = (name: string, type: FieldDef['type'], required = false): FieldDef => ({
  name,
  type,
  required,
  custom: false,
});
const pick = (name: string, values: string[], required = false): FieldDef => ({
  name,
  type: 'Picklist',
  values,
  restricted: false,
  required,
  custom: false,
});
/** Standard long text: 32,000 characters (`Description` on most objects). */
const long = (name: string, type: FieldDef['type'] = 'LongTextArea', length = 32000): FieldDef => ({
  ...of(name, type),
  length,
});
const system = (): FieldDef[] => [
  id('Id'),
  of('CreatedDate', 'DateTime'),
  of('LastModifiedDate', 'DateTime'),
  of('SystemModstamp', 'DateTime'),
  of('IsDeleted', 'Checkbox'),
  ref('OwnerId', 'User', 'Owner'),
  ref('CreatedById', 'User', 'CreatedBy'),
];
const address = (prefix: string): FieldDef[] => [
  { ...str(`${prefix}Street`, 255), type: 'TextArea' },
  str(`${prefix}City`, 40),
  str(`${prefix}State`, 80),
  str(`${prefix}PostalCode`, 20),
  str(`${prefix}Country`, 80),
];

/** Standard objects by API name, with the fields Ledgerbridge reads or writes. */
export const STANDARD_OBJECTS: Readonly<Record<string, readonly FieldDef[]>> = {
  Account: [
    ...system(),
    str('Name', 255, true),
    ref('ParentId', 'Account', 'Parent'),
    of('Phone', 'Phone'),
    of('Fax', 'Phone'),
    of('Website', 'Url'),
    long('Description'),
    pick('Type', ['Customer', 'Vendor', 'Partner', 'Prospect', 'Other']),
    ...address('Billing'),
    ...address('Shipping'),
  ],
  Contact: [
    ...system(),
    str('LastName', 80, true),
    str('FirstName', 40),
    { ...pick('Salutation', ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.']), length: 40 },
    of('Email', 'Email'),
    of('Phone', 'Phone'),
    of('MobilePhone', 'Phone'),
    str('Title', 128),
    ref('AccountId', 'Account', 'Account'),
  ],
  Opportunity: [
    ...system(),
    str('Name', 120, true),
    ref('AccountId', 'Account', 'Account'),
    { ...of('Amount', 'Currency'), precision: 18, scale: 2 },
    of('CloseDate', 'Date', true),
    pick(
      'StageName',
      [
        'Prospecting',
        'Qualification',
        'Needs Analysis',
        'Value Proposition',
        'Id. Decision Makers',
        'Perception Analysis',
        'Proposal/Price Quote',
        'Negotiation/Review',
        'Closed Won',
        'Closed Lost',
      ],
      true,
    ),
    long('Description'),
    ref('Pricebook2Id', 'Pricebook2', 'Pricebook2'),
  ],
  OpportunityLineItem: [
    id('Id'),
    of('CreatedDate', 'DateTime'),
    of('SystemModstamp', 'DateTime'),
    of('IsDeleted', 'Checkbox'),
    ref('OpportunityId', 'Opportunity', 'Opportunity', true),
    ref('PricebookEntryId', 'PricebookEntry', 'PricebookEntry', true),
    ref('Product2Id', 'Product2', 'Product2'),
    { ...of('Quantity', 'Number', true), precision: 12, scale: 2 },
    { ...of('UnitPrice', 'Currency'), precision: 18, scale: 2 },
    { ...of('TotalPrice', 'Currency'), precision: 18, scale: 2 },
    str('Description', 255),
    of('ServiceDate', 'Date'),
  ],
  Product2: [
    ...system(),
    str('Name', 255, true),
    str('ProductCode', 255),
    long('Description', 'TextArea', 4000),
    of('IsActive', 'Checkbox'),
    pick('Family', ['None']),
  ],
  Pricebook2: [...system(), str('Name', 255, true), of('IsStandard', 'Checkbox'), of('IsActive', 'Checkbox')],
  PricebookEntry: [
    ...system(),
    ref('Pricebook2Id', 'Pricebook2', 'Pricebook2', true),
    ref('Product2Id', 'Product2', 'Product2', true),
    { ...of('UnitPrice', 'Currency', true), precision: 18, scale: 2 },
    of('IsActive', 'Checkbox'),
    of('UseStandardPrice', 'Checkbox'),
  ],
  Order: [
    ...system(),
    str('Name', 80),
    ref('AccountId', 'Account', 'Account', true),
    of('EffectiveDate', 'Date', true),
    // The org's own Status values, each in a category (StatusCode, read-only): Draft, Activated, Cancelled.
    pick('Status', ['Draft', 'Activated', 'Cancelled'], true),
    pick('StatusCode', ['Draft', 'Activated', 'Cancelled']),
    ref('Pricebook2Id', 'Pricebook2', 'Pricebook2'),
    str('OrderNumber', 30),
    { ...of('TotalAmount', 'Currency'), precision: 18, scale: 2 },
    long('Description'),
  ],
  OrderItem: [
    id('Id'),
    of('CreatedDate', 'DateTime'),
    of('SystemModstamp', 'DateTime'),
    of('IsDeleted', 'Checkbox'),
    ref('OrderId', 'Order', 'Order', true),
    ref('PricebookEntryId', 'PricebookEntry', 'PricebookEntry', true),
    ref('Product2Id', 'Product2', 'Product2'),
    str('OrderItemNumber', 30),
    { ...of('Quantity', 'Number', true), precision: 18, scale: 2 },
    { ...of('UnitPrice', 'Currency', true), precision: 18, scale: 2 },
    { ...of('TotalPrice', 'Currency'), precision: 18, scale: 2 },
    str('Description', 255),
  ],
  User: [id('Id'), str('Name', 121), str('Username', 80, true), of('Email', 'Email', true)],
};
