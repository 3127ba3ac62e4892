/**
 * @module
 * A small, consistent QuickBooks Desktop company as the qbXML responses a Web Connector session
 * returns, for sync-engine tests that do not need the whole Web Connector conversation.
 */
import { money } from './support/books-vs-org.ts';

export interface SmallCompany {
  accounts: string;
  items: string;
  customers: string;
  vendors: string;
  invoices: string;
  bills: string;
  payments: string;
}

const rs = (name: string, body: string) =>
  `<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><${name}Rs requestID="1" statusCode="0" statusSeverity="Info" statusMessage="Status OK">${body}</${name}Rs></QBXMLMsgsRs></QBXML>`;

const stamp = (id: string, seq: string) =>
  `<TimeCreated>2026-01-05T09:00:00-08:00</TimeCreated><TimeModified>2026-11-01T09:00:${seq.slice(-2).padStart(2, '0')}-08:00</TimeModified><EditSequence>${seq}</EditSequence>`;

export interface InvoiceSpec {
  id: string;
  ref: string;
  customer: string;
  date: string;
  due: string;
  lines: { id: string; item?: string; desc: string; qty?: string; rate?: string; amount: string }[];
  tax?: string;
  balance: string;
  paid?: boolean;
  memo?: string;
  seq?: string;
}

export function invoiceRet(i: InvoiceSpec): string {
  const subtotal = i.lines.reduce((a, l) => a + Math.round(Number(l.amount) * 100), 0);
  const lines = i.lines
    .map(
      (l) =>
        `<InvoiceLineRet><TxnLineID>${l.id}</TxnLineID>${l.item ? `<ItemRef><ListID>${l.item}</ListID></ItemRef>` : ''}<Desc>${l.desc}</Desc>${l.qty ? `<Quantity>${l.qty}</Quantity>` : ''}${l.rate ? `<Rate>${l.rate}</Rate>` : ''}<Amount>${l.amount}</Amount></InvoiceLineRet>`,
    )
    .join('');
  return `<InvoiceRet><TxnID>${i.id}</TxnID>${stamp(i.id, i.seq ?? '1700000001')}<TxnNumber>1</TxnNumber><CustomerRef><ListID>${i.customer}</ListID></CustomerRef><TxnDate>${i.date}</TxnDate><RefNumber>${i.ref}</RefNumber><DueDate>${i.due}</DueDate><Subtotal>${money(subtotal)}</Subtotal><SalesTaxTotal>${i.tax ?? '0.00'}</SalesTaxTotal><BalanceRemaining>${i.balance}</BalanceRemaining>${i.memo ? `<Memo>${i.memo}</Memo>` : ''}<IsPaid>${i.paid ? 'true' : 'false'}</IsPaid>${lines}</InvoiceRet>`;
}

export const INVOICES: InvoiceSpec[] = [
  {
    id: 'T-100',
    ref: '1001',
    customer: 'C-1',
    date: '2026-09-01',
    due: '2026-10-01',
    lines: [{ id: 'L-1', item: 'I-1', desc: 'Installation', qty: '3', rate: '35.5', amount: '106.50' }],
    balance: '106.50',
  },
  {
    id: 'T-101',
    ref: '1002',
    customer: 'C-2',
    date: '2026-11-10',
    due: '2026-12-10',
    lines: [
      { id: 'L-2', item: 'I-2', desc: 'Cabinets', qty: '2', rate: '450', amount: '900.00' },
      { id: 'L-3', desc: 'Delivery (flat)', amount: '49.99' },
    ],
    tax: '74.25',
    balance: '524.24',
  },
  {
    id: 'T-102',
    ref: '1003',
    customer: 'C-2',
    date: '2026-08-01',
    due: '2026-08-31',
    lines: [{ id: 'L-4', item: 'I-2', desc: 'Cabinet', qty: '1', rate: '450', amount: '450.00' }],
    balance: '0.00',
    paid: true,
  },
];

export function smallCompany(invoices: InvoiceSpec[] = INVOICES): SmallCompany {
  return {
    accounts: rs(
      'AccountQuery',
      `<AccountRet><ListID>A-1</ListID>${stamp('A-1', '1700000001')}<Name>Sales</Name><FullName>Sales</FullName><IsActive>true</IsActive><Sublevel>0</Sublevel><AccountType>Income</AccountType><AccountNumber>4000</AccountNumber><Balance>0.00</Balance><TotalBalance>0.00</TotalBalance></AccountRet>`,
    ),
    items: rs(
      'ItemQuery',
      ['I-1:Installation:35.5', 'I-2:Cabinets:450.00']
        .map((s) => s.split(':'))
        .map(
          ([id, name, price]) =>
            `<ItemServiceRet><ListID>${id}</ListID>${stamp(id!, '1700000001')}<Name>${name}</Name><FullName>${name}</FullName><IsActive>true</IsActive><Sublevel>0</Sublevel><SalesOrPurchase><Desc>${name}</Desc><Price>${price}</Price><AccountRef><ListID>A-1</ListID></AccountRef></SalesOrPurchase></ItemServiceRet>`,
        )
        .join(''),
    ),
    customers: rs(
      'CustomerQuery',
      `<CustomerRet><ListID>C-1</ListID>${stamp('C-1', '1700000001')}<Name>Abercrombie, Kristy</Name><FullName>Abercrombie, Kristy</FullName><IsActive>true</IsActive><Sublevel>0</Sublevel><CompanyName>Abercrombie Homes</CompanyName><FirstName>Kristy</FirstName><LastName>Abercrombie</LastName><BillAddress><Addr1>5647 Cypress Hill Rd</Addr1><City>Bayshore</City><State>CA</State><PostalCode>94326</PostalCode></BillAddress><Phone>415-555-6579</Phone><Email>kristy@abercrombie.example</Email><Balance>106.50</Balance><TotalBalance>630.74</TotalBalance></CustomerRet>` +
        `<CustomerRet><ListID>C-2</ListID>${stamp('C-2', '1700000001')}<Name>Kitchen</Name><FullName>Abercrombie, Kristy:Kitchen</FullName><IsActive>true</IsActive><ParentRef><ListID>C-1</ListID><FullName>Abercrombie, Kristy</FullName></ParentRef><Sublevel>1</Sublevel><Balance>524.24</Balance><TotalBalance>524.24</TotalBalance></CustomerRet>` +
        `<CustomerRet><ListID>C-3</ListID>${stamp('C-3', '1700000001')}<Name>Baker's Dozen</Name><FullName>Baker's Dozen</FullName><IsActive>true</IsActive><Sublevel>0</Sublevel><Balance>0.00</Balance><TotalBalance>0.00</TotalBalance></CustomerRet>`,
    ),
    vendors: rs(
      'VendorQuery',
      `<VendorRet><ListID>V-1</ListID>${stamp('V-1', '1700000001')}<Name>Cal Gas &amp; Electric</Name><IsActive>true</IsActive><CompanyName>Cal Gas &amp; Electric</CompanyName><Balance>310.72</Balance></VendorRet>`,
    ),
    invoices: rs('InvoiceQuery', invoices.map(invoiceRet).join('')),
    bills: rs(
      'BillQuery',
      `<BillRet><TxnID>B-1</TxnID>${stamp('B-1', '1700000001')}<VendorRef><ListID>V-1</ListID></VendorRef><TxnDate>2026-11-01</TxnDate><DueDate>2026-12-01</DueDate><AmountDue>310.72</AmountDue><RefNumber>G-4471</RefNumber><IsPaid>false</IsPaid><OpenAmount>310.72</OpenAmount></BillRet>`,
    ),
    payments: rs(
      'ReceivePaymentQuery',
      `<ReceivePaymentRet><TxnID>P-1</TxnID>${stamp('P-1', '1700000001')}<CustomerRef><ListID>C-2</ListID></CustomerRef><TxnDate>2026-08-20</TxnDate><RefNumber>9921</RefNumber><TotalAmount>450.00</TotalAmount><PaymentMethodRef><FullName>Check</FullName></PaymentMethodRef><UnusedPayment>0.00</UnusedPayment><AppliedToTxnRet><TxnID>T-102</TxnID><TxnType>Invoice</TxnType><Amount>450.00</Amount></AppliedToTxnRet></ReceivePaymentRet>`,
    ),
  };
}

/** ListDeleted response naming deleted customers. */
export const deletedCustomers = (ids: string[]) =>
  rs(
    'ListDeletedQuery',
    ids
      .map(
        (id) =>
          `<ListDeletedRet><ListDelType>Customer</ListDelType><ListID>${id}</ListID><TimeCreated>2026-01-05T09:00:00-08:00</TimeCreated><TimeDeleted>2026-11-20T10:00:00-08:00</TimeDeleted><FullName>${id}</FullName></ListDeletedRet>`,
      )
      .join(''),
  );

/** Many invoices for the first `customers` customers of {@link smallCompany}'s style, in pages. */
export function invoicePages(count: number, perPage: number): string[] {
  const specs: InvoiceSpec[] = Array.from({ length: count }, (_, n) => ({
    id: `TX-${n + 1}`,
    ref: String(5000 + n),
    customer: ['C-1', 'C-2', 'C-3'][n % 3]!,
    date: '2026-10-01',
    due: '2026-12-31',
    lines: [
      { id: `LX-${n + 1}-1`, item: 'I-1', desc: 'Installation', qty: '2', rate: '35.5', amount: '71.00' },
      { id: `LX-${n + 1}-2`, item: 'I-2', desc: 'Cabinets', qty: '1', rate: '450', amount: '450.00' },
    ],
    balance: n % 2 ? '521.00' : '0.00',
    paid: n % 2 === 0,
  }));
  const pages: string[] = [];
  for (let i = 0; i < specs.length; i += perPage) {
    pages.push(smallCompany(specs.slice(i, i + perPage)).invoices);
  }
  return pages;
}
