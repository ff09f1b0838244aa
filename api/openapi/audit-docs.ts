import { auditReportQuery } from '../routes/audit-routes';
import type { RouteDoc } from './route-doc';

export const auditDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/audit/report',
    tag: 'Audit',
    auth: 'dashKey',
    query: auditReportQuery,
    summary: 'SOC-lite audit report: entries by action and actor, chain and checkpoint verification',
    description:
      'Period `[from, to)` (default: the last 7 days). `chain.status` is `valid`, or `broken` with `chain.firstBreak` = ' +
      '`{ seq, problem: "edited" | "deleted" | "reordered", detail }`. `checkpoints.last` is the newest signed checkpoint ' +
      'with `signatureValid` (Ed25519, checked with the public key only) and `matchesChain`. `security` counts failed ' +
      'admin-key attempts and IP bans; `dsr`: data subject requests opened and closed in the period and the open ones against their deadline.',
    responses: { 200: '`{ generatedAt, period, status, entries, chain, checkpoints, security, dsr }`' },
  },
];
