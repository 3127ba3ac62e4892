/**
 * @module
 * The QuickBooks Desktop company simulator: `createCompany` (deterministic company file answering
 * qbXML), HRESULT errors and fault kinds. See company.ts. (fixtures.ts, which records responses
 * with the relay's own request builder, is deliberately not exported here.)
 */
export {
  createCompany,
  HRESULT,
  QbHresultError,
  type Company,
  type CompanyOptions,
  type FaultKind,
  type LockCode,
} from './company.ts';
