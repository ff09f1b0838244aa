import type { DashboardKeySource } from '../infra/config/dashboard-key';

/**
 * The banner's dashboard-key line. A generated key is shown once, when it is made; afterwards the
 * banner only says where it is kept (a key printed at every start ends up in terminal and service logs).
 */
export function dashboardKeyLine(key: string, source: DashboardKeySource, keyFile: string): string {
  if (source === 'generated') return `${key}  (new; shown only now, kept in ${keyFile})`;
  if (source === 'file') return `kept in ${keyFile}`;
  return 'from DASHBOARD_KEY';
}
