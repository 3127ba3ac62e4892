/**
 * @module
 * What every rule reads of a company: its records, its settings (Preferences) and the clock.
 */
import type { SimClock } from './clock.ts';
import type { SalesCustomField } from './custom-fields.ts';
import { qboDate, qboTime } from './clock.ts';
import type { EntityName } from './entities.ts';
import type { ChangeOperation, CompanyStore } from './store.ts';

export interface CompanyPrefs {
  homeCurrency: string;
  multiCurrency: boolean;
  /** AccountingInfoPrefs.TrackDepartments / ClassTrackingPerTxn. */
  trackDepartments: boolean;
  trackClasses: boolean;
  /** SalesFormsPrefs' custom fields, slot 1 first (`custom-fields.ts`). */
  salesCustomFields: readonly SalesCustomField[];
}

export interface CompanyData {
  readonly realmId: string;
  readonly companyName: string;
  readonly store: CompanyStore;
  readonly prefs: CompanyPrefs;
  readonly clock: SimClock;
  /** The company's UTC offset in minutes (-420: Pacific daylight time, as the samples are). */
  readonly utcOffsetMinutes: number;
  /** Records a change for webhooks and CDC. */
  emit(entity: EntityName, id: string, operation: ChangeOperation, deletedId?: string): void;
}

/** `2026-05-05T03:22:45-07:00` */
export const companyTime = (co: CompanyData, ms = co.clock.now()): string => qboTime(ms, co.utcOffsetMinutes);
/** A response's `time`, with milliseconds. */
export const responseTime = (co: CompanyData): string => qboTime(co.clock.now(), co.utcOffsetMinutes, true);
export const companyToday = (co: CompanyData): string => qboDate(co.clock.now(), co.utcOffsetMinutes);
