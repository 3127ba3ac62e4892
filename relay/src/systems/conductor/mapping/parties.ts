/**
 * @module
 * Conductor customers (jobs included: `parent`, `fullName` `Parent:Job`) and vendors → canonical
 * records, field for field as `qbd/mapping.ts` maps CustomerRet and VendorRet. Conductor's names
 * differ: `billingAddress`/`shippingAddress` (BillAddress/ShipAddress; a vendor's `billingAddress`
 * is its VendorAddress), `alternatePhone` (AltPhone), `salesRepresentative` (SalesRepRef),
 * `additionalContacts` (ContactsRet), `revisionNumber` (EditSequence), `updatedAt` (TimeModified).
 */
import { z } from 'zod';
import { optionalMoney as money } from '../../../lib/money.ts';
import { withoutUndefined } from '../../../lib/objects.ts';
import { ok, type Result } from '../../../lib/result.ts';
import type { Customer, Vendor } from '../../../sync/model.ts';
import type { ConductorJson } from '../api/types.ts';
import {
  address,
  contactPerson,
  currency,
  decimalText,
  flag,
  read,
  ref,
  required,
  system,
  text,
  toAddress,
  toPerson,
  type ConductorMappingContext,
} from './common.ts';

const person = {
  companyName: text,
  salutation: text,
  firstName: text,
  lastName: text,
  jobTitle: text,
  phone: text,
  alternatePhone: text,
  fax: text,
  email: text,
};

const CustomerJson = z.looseObject({
  ...system,
  ...person,
  name: required,
  fullName: required,
  isActive: flag,
  parent: ref,
  class: ref,
  billingAddress: address,
  shippingAddress: address,
  additionalContacts: z.preprocess(
    (v) => v ?? [],
    z.array(z.looseObject({ salutation: text, firstName: text, lastName: text, jobTitle: text })),
  ),
  terms: ref,
  salesRepresentative: ref,
  balance: decimalText,
  currency: ref,
});

const VendorJson = z.looseObject({
  ...system,
  ...person,
  name: required,
  isActive: flag,
  billingAddress: address,
  terms: ref,
  balance: decimalText,
  currency: ref,
});

/**
 * A Conductor customer (or job) → a canonical customer.
 * @example customerToCanonical(json, { homeCurrency: 'USD' }) // ok({ type: 'customer', fullName: 'ABC Corporation:Website Redesign Project', … })
 */
export function customerToCanonical(json: ConductorJson, ctx: ConductorMappingContext): Result<Customer> {
  const read_ = read(CustomerJson, 'customer', json);
  if (!read_.ok) return read_;
  const r = read_.value;
  const cur = currency(r.currency, ctx, `customer ${r.fullName}`);
  if (!cur.ok) return cur;
  return ok(
    withoutUndefined({
      type: 'customer' as const,
      id: r.id,
      version: r.revisionNumber,
      updatedAt: r.updatedAt,
      name: r.name,
      fullName: r.fullName,
      parentId: r.parent?.id,
      companyName: r.companyName,
      isActive: r.isActive ?? true,
      billing: toAddress(r.billingAddress),
      shipping: toAddress(r.shippingAddress),
      phone: r.phone,
      fax: r.fax,
      email: r.email,
      terms: r.terms?.fullName,
      className: r.class?.fullName,
      salesRep: r.salesRepresentative?.fullName,
      balance: money(r.balance),
      currency: cur.value,
      contact: toPerson(r),
      // The Web Connector path has no contacts list when QuickBooks holds no additional contact.
      contacts: r.additionalContacts.length ? r.additionalContacts.flatMap((c) => contactPerson(c) ?? []) : undefined,
    }),
  );
}

/**
 * A Conductor vendor → a canonical vendor.
 * @example vendorToCanonical(json, { homeCurrency: 'USD' }) // ok({ type: 'vendor', name: 'Lumber Co', … })
 */
export function vendorToCanonical(json: ConductorJson, ctx: ConductorMappingContext): Result<Vendor> {
  const read_ = read(VendorJson, 'vendor', json);
  if (!read_.ok) return read_;
  const r = read_.value;
  const cur = currency(r.currency, ctx, `vendor ${r.name}`);
  if (!cur.ok) return cur;
  return ok(
    withoutUndefined({
      type: 'vendor' as const,
      id: r.id,
      version: r.revisionNumber,
      updatedAt: r.updatedAt,
      name: r.name,
      companyName: r.companyName,
      isActive: r.isActive ?? true,
      address: toAddress(r.billingAddress),
      phone: r.phone,
      fax: r.fax,
      email: r.email,
      terms: r.terms?.fullName,
      balance: money(r.balance),
      currency: cur.value,
      contact: toPerson(r),
    }),
  );
}
