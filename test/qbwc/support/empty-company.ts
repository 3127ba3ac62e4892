/**
 * @module
 * The smallest QuickBooks for protocol tests: a company file with a FileID and nothing in it.
 * Every query answers status 1 ("no match"). The full company simulator lives in
 * test/simulators/qbd/company.
 */
import type { QuickBooksLike } from '../../simulators/qbd/webconnector/client.ts';

export function emptyCompany({
  companyName = 'Empty Co',
  fileId,
  versions = ['13.0', '16.0'],
}: {
  companyName?: string;
  fileId?: string;
  versions?: string[];
} = {}): QuickBooksLike & { processed: string[]; fault?: { hresult: string; message: string } } {
  const processed: string[] = [];
  const company = {
    processed,
    fault: undefined as { hresult: string; message: string } | undefined,
    companyFilePath: 'C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\empty.qbw',
    country: 'US',
    beginSession() {
      if (company.fault) throw company.fault;
    },
    hostCompanyPreferencesResponse({ ownerId, fileId: appFileId }: { ownerId: string; fileId: string }) {
      const id = fileId || appFileId;
      return (
        '<?xml version="1.0" ?><QBXML><QBXMLMsgsRs>' +
        '<HostQueryRs requestID="0" statusCode="0" statusSeverity="Info" statusMessage="Status OK"><HostRet>' +
        '<ProductName>QuickBooks Pro 2024</ProductName><MajorVersion>34</MajorVersion><MinorVersion>0</MinorVersion><Country>US</Country>' +
        versions.map((v) => `<SupportedQBXMLVersion>${v}</SupportedQBXMLVersion>`).join('') +
        '<IsAutomaticLogin>false</IsAutomaticLogin><QBFileMode>SingleUser</QBFileMode></HostRet></HostQueryRs>' +
        `<CompanyQueryRs requestID="1" statusCode="0" statusSeverity="Info" statusMessage="Status OK"><CompanyRet><IsSampleCompany>false</IsSampleCompany><CompanyName>${companyName}</CompanyName>` +
        `<DataExtRet><OwnerID>${ownerId}</OwnerID><DataExtName>FileID</DataExtName><DataExtType>STR255TYPE</DataExtType><DataExtValue>${id}</DataExtValue></DataExtRet>` +
        '</CompanyRet></CompanyQueryRs></QBXMLMsgsRs></QBXML>'
      );
    },
    process(qbxml: string) {
      processed.push(qbxml);
      if (qbxml.includes('<HostQueryRq')) {
        const ownerId = /<OwnerID>([^<]+)<\/OwnerID>/.exec(qbxml)?.[1] ?? '0';
        return company.hostCompanyPreferencesResponse({ ownerId, fileId: fileId ?? '' });
      }
      const rs = [...qbxml.matchAll(/<(\w+)Rq\b([^>]*)>/g)]
        .filter(([, name]) => name !== 'QBXMLMsgs')
        .map(([, name, attrs]) => {
          const id = /requestID="([^"]*)"/.exec(attrs ?? '')?.[1] ?? '';
          return `<${name}Rs requestID="${id}" statusCode="1" statusSeverity="Info" statusMessage="A query request did not find a matching object in QuickBooks" />`;
        });
      return `<?xml version="1.0" ?><QBXML><QBXMLMsgsRs>${rs.join('')}</QBXMLMsgsRs></QBXML>`;
    },
    endSession() {},
  };
  return company;
}
