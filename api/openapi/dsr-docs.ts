import {
  dsrApproveBody,
  dsrExportParam,
  dsrExtendBody,
  dsrListQuery,
  dsrRejectBody,
  dsrRequestBody,
  dsrTicketParam,
} from '../dsr-schemas';
import { exportDataQuery } from '../routes/compliance-routes';
import type { RouteDoc } from './route-doc';

const refused = 'The link is malformed, altered or expired (an HTML page saying which)';
const ticket =
  '`{ ticketId, email, type, details, status, workflowId, confirmBy, confirmationSentAt, confirmedAt, slaDueAt, ' +
  'extensions: [{ byMs, reason, actor, at }], decision, decisionReason, decidedBy, decidedAt, closure, closedAt, createdAt }`';
const notActionable = 'The ticket is not confirmed yet, or already decided, closed or expired';

/** Data subject requests (GDPR/CCPA): the public request, its confirmation and export, the operator's routes. */
export const dsrDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/dsr',
    tag: 'Compliance',
    auth: 'public',
    body: dsrRequestBody,
    summary: 'Open a data subject request (access, export, erasure, rectification)',
    description:
      'Starts workflow `dsr-<ticketId>` and mails the address a signed confirmation link (valid DSR_CONFIRM_TTL). ' +
      'Five requests per IP per hour (429 with Retry-After beyond). Other methods answer 405 naming POST.',
    responses: {
      202: '`{ ticketId, status: "awaiting_confirmation", message }`',
      503: 'SESSION_SECRET or SMTP_URL unset (no confirmation mail possible)',
    },
  },
  {
    method: 'get',
    path: '/dsr/:ticketId/confirm',
    tag: 'Compliance',
    auth: 'public',
    html: true,
    params: dsrTicketParam,
    summary: 'The mailed confirmation link: a button that POSTs to it (a GET confirms nothing)',
    responses: { 200: 'HTML page', 403: refused },
  },
  {
    method: 'post',
    path: '/dsr/:ticketId/confirm',
    tag: 'Compliance',
    auth: 'public',
    html: true,
    params: dsrTicketParam,
    summary: "Confirms the person's identity (signed link); the SLA counts from here",
    responses: {
      200: 'HTML page: confirmed',
      403: refused,
      410: 'The ticket expired or failed',
      429: 'Too many requests',
    },
  },
  {
    method: 'get',
    path: '/dsr/exports/:exportId',
    tag: 'Compliance',
    auth: 'public',
    html: true,
    params: dsrExportParam,
    summary:
      'Download of a subject export (signed link, 7 days): a zip of data.json, csv/<table>.csv and manifest.json',
    responses: { 200: 'application/zip attachment', 403: refused, 404: 'The export no longer exists' },
  },
  {
    method: 'get',
    path: '/api/dsr',
    tag: 'Compliance',
    auth: 'dashKey',
    query: dsrListQuery,
    summary: 'DSR tickets, newest first, by status and type (keyset cursor)',
    responses: { 200: `\`{ items: [ticket], nextCursor }\`, ticket = ${ticket}` },
  },
  {
    method: 'get',
    path: '/api/dsr/:ticketId',
    tag: 'Compliance',
    auth: 'dashKey',
    params: dsrTicketParam,
    summary: 'One DSR ticket with its deadlines, extensions, decision and closure record',
    responses: { 200: ticket, 404: 'No such ticket' },
  },
  {
    method: 'post',
    path: '/api/dsr/:ticketId/approve',
    tag: 'Compliance',
    auth: 'dashKey',
    params: dsrTicketParam,
    body: dsrApproveBody,
    summary: 'Approve: the workflow fulfils it (export, erasure or rectification), closes it and tells the person',
    description: 'Audited (`dsr.decision`). Rectification tickets need `changes`.',
    responses: { 202: '`{ ticketId, status: "approved" }`', 404: 'No such ticket', 409: notActionable },
  },
  {
    method: 'post',
    path: '/api/dsr/:ticketId/reject',
    tag: 'Compliance',
    auth: 'dashKey',
    params: dsrTicketParam,
    body: dsrRejectBody,
    summary: 'Reject with the reason (mailed to the person); the ticket closes as rejected',
    description: 'Audited (`dsr.decision`).',
    responses: { 202: '`{ ticketId, status: "rejected" }`', 404: 'No such ticket', 409: notActionable },
  },
  {
    method: 'post',
    path: '/api/dsr/:ticketId/extend',
    tag: 'Compliance',
    auth: 'dashKey',
    params: dsrTicketParam,
    body: dsrExtendBody,
    summary: 'Extend the deadline (GDPR Art. 12(3)) with the reason; DSR_MAX_EXTENSION in total',
    description:
      'Audited (`dsr.decision`, decision `extend`). A total beyond DSR_MAX_EXTENSION is a 400 naming `extendBy`.',
    responses: { 200: '`{ ticketId, slaDueAt, extendedByMs }`', 404: 'No such ticket', 409: notActionable },
  },
  {
    method: 'get',
    path: '/api/compliance/export-data',
    tag: 'Compliance',
    auth: 'dashKey',
    query: exportDataQuery,
    summary: 'Everything held about one person (exactly one of clientId or email) as a zip with a SHA-256 manifest',
    description:
      'Written under DATA_DIR/exports/<exportId>/; `downloadUrl` is signed and valid 7 days. Audited (`compliance.export`).',
    responses: {
      200: '`{ exportId, manifest: { format, exportId, createdAt, tables: [{ name, rows }], files: [{ name, bytes, sha256 }] }, bytes, downloadUrl, expiresAt }`',
      404: 'No such client',
      503: 'SESSION_SECRET unset',
    },
  },
];
