/**
 * @module
 * The QuickBooks Desktop company simulator: `createCompany` (deterministic company file answering
 * qbXML), HRESULT errors and fault kinds. See company.ts.
 */
export {
  createCompany,
  HRESULT,
  QbHresultError,
  type Company,
  type CompanyOptions,
  type FaultKind,
} from './company.ts';
export { simulatedFixtures } from './fixtures.ts';
