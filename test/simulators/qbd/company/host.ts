/**
 * @module
 * HostRet, CompanyRet and PreferencesRet of the simulated QuickBooks (Enterprise 2014, US, qbXML up
 * to 13.0), including the FileID QBWC stores as a private data extension under the app's OwnerID.
 */
import { escapeXml } from './xml.ts';
import { renderRs } from './render.ts';
import type { CompanyState } from './store.ts';

export const SUPPORTED_QBXML_VERSIONS = [
  '1.0',
  '1.1',
  '2.0',
  '2.1',
  '3.0',
  '4.0',
  '4.1',
  '5.0',
  '6.0',
  '7.0',
  '8.0',
  '9.0',
  '10.0',
  '11.0',
  '12.0',
  '13.0',
];

export function hostRet(state: CompanyState): string {
  return `<HostRet><ProductName>QuickBooks Enterprise Solutions 14.0</ProductName><MajorVersion>24</MajorVersion><MinorVersion>0</MinorVersion><Country>${escapeXml(state.country)}</Country>${SUPPORTED_QBXML_VERSIONS.map((v) => `<SupportedQBXMLVersion>${v}</SupportedQBXMLVersion>`).join('')}<IsAutomaticLogin>false</IsAutomaticLogin><QBFileMode>SingleUser</QBFileMode></HostRet>`;
}

export function companyRet(state: CompanyState, ownerIds: readonly string[]): string {
  const ext = [...state.fileIds.entries()]
    .filter(([owner]) => ownerIds.some((o) => o.toLowerCase() === owner.toLowerCase()))
    .map(
      ([owner, fileId]) =>
        `<DataExtRet><OwnerID>${escapeXml(owner)}</OwnerID><DataExtName>FileID</DataExtName><DataExtType>STR255TYPE</DataExtType><DataExtValue>${escapeXml(fileId)}</DataExtValue></DataExtRet>`,
    )
    .join('');
  return (
    `<CompanyRet><IsSampleCompany>false</IsSampleCompany><CompanyName>${escapeXml(state.companyName)}</CompanyName><LegalCompanyName>${escapeXml(state.companyName)}</LegalCompanyName>` +
    `<Address><Addr1>100 Ledger Lane</Addr1><City>Portland</City><State>OR</State><PostalCode>97201</PostalCode><Country>US</Country></Address>` +
    `<Phone>555-0100</Phone><Email>books@company.example</Email><FirstMonthFiscalYear>January</FirstMonthFiscalYear><FirstMonthIncomeTaxYear>January</FirstMonthIncomeTaxYear><CompanyType>General</CompanyType><TaxForm>Form1120</TaxForm>${ext}</CompanyRet>`
  );
}

/**
 * Multicurrency on: the home currency as a reference into the currency list. Off: QuickBooks names
 * no currency (the edition's country decides it).
 */
function multiCurrencyPreferences(state: CompanyState): string {
  if (!state.multiCurrency)
    return '<MultiCurrencyPreferences><IsMultiCurrencyOn>false</IsMultiCurrencyOn></MultiCurrencyPreferences>';
  const listId = state.other.currency.get(state.homeCurrency) ?? '';
  return `<MultiCurrencyPreferences><IsMultiCurrencyOn>true</IsMultiCurrencyOn><HomeCurrencyRef><ListID>${escapeXml(listId)}</ListID><FullName>${escapeXml(state.homeCurrency)}</FullName></HomeCurrencyRef></MultiCurrencyPreferences>`;
}

export function preferencesRet(state: CompanyState): string {
  return (
    '<PreferencesRet>' +
    '<AccountingPreferences><IsUsingAccountNumbers>false</IsUsingAccountNumbers><IsRequiringAccounts>true</IsRequiringAccounts><IsUsingClassTracking>false</IsUsingClassTracking><IsUsingAuditTrail>true</IsUsingAuditTrail><IsAssigningJournalEntryNumbers>true</IsAssigningJournalEntryNumbers></AccountingPreferences>' +
    '<FinanceChargePreferences><GracePeriod>0</GracePeriod><IsAssessingForOverdueCharges>false</IsAssessingForOverdueCharges><CalculateChargesFrom>DueDate</CalculateChargesFrom><IsMarkedToBePrinted>false</IsMarkedToBePrinted></FinanceChargePreferences>' +
    '<JobsAndEstimatesPreferences><IsUsingEstimates>true</IsUsingEstimates><IsUsingProgressInvoicing>false</IsUsingProgressInvoicing><IsPrintingItemsWithZeroAmounts>false</IsPrintingItemsWithZeroAmounts></JobsAndEstimatesPreferences>' +
    multiCurrencyPreferences(state) +
    '<PurchasesAndVendorsPreferences><IsUsingInventory>true</IsUsingInventory><DaysBillsAreDue>10</DaysBillsAreDue><IsAutomaticallyUsingDiscounts>false</IsAutomaticallyUsingDiscounts></PurchasesAndVendorsPreferences>' +
    '<ReportsPreferences><AgingReportBasis>AgeFromDueDate</AgingReportBasis><SummaryReportBasis>Accrual</SummaryReportBasis></ReportsPreferences>' +
    '<SalesAndCustomersPreferences><IsTrackingReimbursedExpensesAsIncome>false</IsTrackingReimbursedExpensesAsIncome><IsAutoApplyingPayments>true</IsAutoApplyingPayments><PriceLevels><IsUsingPriceLevels>false</IsUsingPriceLevels></PriceLevels></SalesAndCustomersPreferences>' +
    '<SalesTaxPreferences><DefaultItemSalesTaxRef><FullName>Out of State</FullName></DefaultItemSalesTaxRef><PaySalesTax>Monthly</PaySalesTax><DefaultTaxableSalesTaxCodeRef><FullName>Tax</FullName></DefaultTaxableSalesTaxCodeRef><DefaultNonTaxableSalesTaxCodeRef><FullName>Non</FullName></DefaultNonTaxableSalesTaxCodeRef></SalesTaxPreferences>' +
    '<TimeTrackingPreferences><FirstDayOfWeek>Monday</FirstDayOfWeek></TimeTrackingPreferences>' +
    '<CurrentAppAccessRights><IsAutomaticLoginAllowed>true</IsAutomaticLoginAllowed><AutomaticLoginUserName>Admin</AutomaticLoginUserName><IsPersonalDataAccessAllowed>false</IsPersonalDataAccessAllowed></CurrentAppAccessRights>' +
    '</PreferencesRet>'
  );
}

const ok = (requestId: string | undefined) => ({ requestId, code: 0, severity: 'Info' as const, message: 'Status OK' });

export const hostRs = (state: CompanyState, requestId: string | undefined) =>
  renderRs('HostQueryRs', ok(requestId), `${hostRet(state)}\n`);
export const companyRs = (state: CompanyState, requestId: string | undefined, ownerIds: readonly string[]) =>
  renderRs('CompanyQueryRs', ok(requestId), `${companyRet(state, ownerIds)}\n`);
export const preferencesRs = (state: CompanyState, requestId: string | undefined) =>
  renderRs('PreferencesQueryRs', ok(requestId), `${preferencesRet(state)}\n`);
