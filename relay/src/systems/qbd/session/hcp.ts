/**
 * @module
 * The host/company/preferences response QBWC sends with the first sendRequestXML of a session:
 * which QuickBooks product and country, which qbXML versions it supports, which company file is
 * open, identified by the FileID data extension QBWC stores under our OwnerID (or, when there is
 * none, by company name), and the company's home currency (its multicurrency preferences, else the
 * edition's). {@link checkCompany} decides whether this connection may use it.
 */
import { err, ok, relayError, type Result } from '../../../lib/result.ts';
import type { CompanyIdentity, Connection } from '../../../store/connections.ts';
import { homeCurrencyOf, type HomeCurrency } from '../../../lib/qb-currencies.ts';
import { child, childrenNamed, readXml, textOf, type El } from '../qbxml/xml-tree.ts';

export interface HostCompanyInfo {
  readonly productName: string | null;
  readonly country: string | null;
  readonly qbxmlVersions: readonly string[];
  readonly companyName: string | null;
  /** FileID stored under `ownerId` in the company file, when present. */
  readonly fileId: string | null;
  readonly homeCurrency: HomeCurrency;
}

function findRet(root: El, name: string): El | undefined {
  const msgs = child(root, 'QBXMLMsgsRs');
  for (const rs of msgs?.children ?? []) {
    const ret = child(rs, name);
    if (ret) return ret;
  }
  return undefined;
}

const sameGuid = (a: string | undefined, b: string) =>
  (a ?? '').replace(/[{}]/g, '').toLowerCase() === b.replace(/[{}]/g, '').toLowerCase();

/**
 * Reads the HCP response (or the answer to our own HostQuery + CompanyQuery + PreferencesQuery).
 * Errors: `qbxml_malformed`, `qbxml_doctype_forbidden`, `qbwc_no_company_info`.
 * @example const info = parseHostCompany(strHCPResponse, connection.ownerId);
 */
export function parseHostCompany(xml: string, ownerId: string): Result<HostCompanyInfo> {
  const doc = readXml(xml);
  if (!doc.ok) return doc;
  const host = findRet(doc.value.root, 'HostRet');
  const company = findRet(doc.value.root, 'CompanyRet');
  if (!host && !company)
    return err(relayError('qbwc_no_company_info', 'The response holds neither HostRet nor CompanyRet.'));
  const multi = child(findRet(doc.value.root, 'PreferencesRet'), 'MultiCurrencyPreferences');
  const country = textOf(host, 'Country') ?? null;
  const fileExt = childrenNamed(company, 'DataExtRet').find(
    (d) => sameGuid(textOf(d, 'OwnerID'), ownerId) && textOf(d, 'DataExtName') === 'FileID',
  );
  return ok({
    productName: textOf(host, 'ProductName') ?? null,
    country,
    qbxmlVersions: childrenNamed(host, 'SupportedQBXMLVersion').map((v) => v.text),
    companyName: textOf(company, 'CompanyName') ?? null,
    fileId: textOf(fileExt, 'DataExtValue') ?? null,
    homeCurrency: homeCurrencyOf({
      country,
      multiCurrency: multi ? /^(true|1)$/i.test(textOf(multi, 'IsMultiCurrencyOn') ?? '') : null,
      homeCurrencyName: textOf(child(multi, 'HomeCurrencyRef'), 'FullName') ?? null,
    }),
  });
}

/**
 * Whether the open company file is this connection's, and the identity to record. The first
 * session records it; later ones must match (FileID when QuickBooks has one, company name
 * otherwise).
 * @example const verdict = checkCompany(connection, info, strCompanyFileName);
 */
export function checkCompany(
  connection: Pick<Connection, 'fileId' | 'company'>,
  info: HostCompanyInfo,
  filePath: string | null,
): Result<CompanyIdentity, { expected: string | null; actual: string | null }> {
  const identity = info.fileId ? `fileid:${info.fileId.toLowerCase()}` : `name:${info.companyName ?? ''}`;
  const mismatch = () =>
    err({ expected: connection.company?.companyName ?? null, actual: info.companyName ?? filePath ?? null });
  if (info.fileId && !sameGuid(info.fileId, connection.fileId)) return mismatch();
  const recorded = connection.company;
  if (recorded) {
    const bothFile = recorded.identity.startsWith('fileid:') && identity.startsWith('fileid:');
    if (bothFile ? recorded.identity !== identity : recorded.companyName !== info.companyName) return mismatch();
  }
  return ok({
    identity,
    companyName: info.companyName,
    filePath,
    productName: info.productName,
    country: info.country,
    qbxmlVersions: info.qbxmlVersions,
    homeCurrency: info.homeCurrency.code,
  });
}

/**
 * The qbXML version to write, or undefined when QuickBooks is older than 13.0.
 * @example chooseVersion(['1.0', '13.0', '16.0'], 16, 0) // '13.0'
 */
export function supportsTarget(versions: readonly string[], major: number): boolean {
  const best = Math.max(major || 0, ...versions.map((v) => Number.parseFloat(v)).filter(Number.isFinite));
  return best >= 13;
}
