/**
 * @module
 * What the mapping needs to know about the connection and the environment, passed in (the mapping
 * reads nothing itself): the QuickBooks connection key, the unit group, unit and price list
 * Ledgerbridge owns in the environment, and the currencies it has, by ISO code.
 */

export interface DynamicsMappingContext {
  /** The QuickBooks connection key written into `lb_quickbooksconnection`. */
  readonly connection: string;
  /** Ledgerbridge's unit group (`uomschedule`) and its base unit (`uom`). */
  readonly unitGroupId: string;
  readonly unitId: string;
  /** Ledgerbridge's price list (`pricelevel`): products' prices, invoices' price list. */
  readonly priceListId: string;
  /** `transactioncurrency` ids by ISO 4217 code; a record in a currency not listed gets none. */
  readonly currencyIds?: Readonly<Record<string, string>>;
}
