import { WEEKLY_MAINTENANCE_REPORT } from './contracts/weekly-maintenance';
import { REPORT_KINDS } from './reports';

/** Every kind of routine report the platform stores (`GET /api/ops-reports?kind=`). */
export const OPS_REPORT_KINDS = [
  'auto-operator',
  'self-heal',
  'job-replay',
  'predictive-alerts',
  ...REPORT_KINDS,
  'replica-sync',
  WEEKLY_MAINTENANCE_REPORT,
] as const;
