import type { Config } from '../../infra/config/load-config';
import { codecDocs } from './codec-docs';
import { auditDocs } from './audit-docs';
import { deliveryDocs } from './delivery-docs';
import { dsrDocs } from './dsr-docs';
import { llmDocs } from './llm-docs';
import { dashboardDocs } from './dashboard-docs';
import { opsDocs } from './ops-docs';
import { clientDocs } from './client-docs';
import { paymentDocs } from './payment-docs';
import { reportDocs } from './report-docs';
import type { RouteDoc } from './route-doc';
import { taskDocs } from './task-docs';
import { intelDocs } from './intel-docs';
import { regionDocs } from './region-docs';
import { maintenanceDocs } from './maintenance-docs';

/** Every documented operation of the HTTP API; a test checks this against the app's routes. */
export const routeDocs = (config: Config): RouteDoc[] => [
  ...taskDocs,
  ...paymentDocs(config.payments.maxAmountCents),
  ...clientDocs,
  ...opsDocs,
  ...codecDocs,
  ...deliveryDocs,
  ...auditDocs,
  ...llmDocs,
  ...reportDocs,
  ...intelDocs,
  ...regionDocs,
  ...maintenanceDocs,
  ...dsrDocs,
  ...dashboardDocs,
];
