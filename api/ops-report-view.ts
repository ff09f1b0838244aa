import type { StoredOpsReport } from '../infra/db/repositories/ops-reports';

/** A stored routine outcome as the API shows it (`GET /ops-report`, `GET /api/ops-reports`). */
export const showReport = (r: StoredOpsReport) => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  summary: r.summary,
  report: r.body,
  workflowId: r.workflowId,
  createdAt: r.createdAt.toISOString(),
});
