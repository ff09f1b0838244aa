import { z } from 'zod';
import { DSR_TYPES } from '../domain/contracts/dsr-fulfilment';
import { DSR_STATUSES } from '../domain/contracts/dsr-messages';
import type { DsrTicketRow } from '../infra/db/repositories/dsr-tickets';
import { cursorQueryField } from './keyset-cursor';

/** The request type, with a message naming the value it got when that is not one of ours. */
export const dsrTypeField = z.enum(DSR_TYPES, {
  error: (iss) =>
    `unknown type ${typeof iss.input === 'string' ? JSON.stringify(iss.input.slice(0, 40)) : typeof iss.input}; ` +
    `expected one of ${DSR_TYPES.join(', ')}`,
});

export const dsrRequestBody = z
  .object({
    email: z.email().max(254),
    type: dsrTypeField,
    details: z.string().max(5000).optional().describe('what the person asks for (rectification: what to correct)'),
  })
  .strict();

export const dsrTicketParam = z.object({ ticketId: z.string().regex(/^dsr_[a-z0-9]{16,40}$/, 'not a ticket id') });
export const dsrExportParam = z.object({ exportId: z.string().regex(/^exp_[a-z0-9]{16,40}$/, 'not an export id') });

export const dsrListQuery = z
  .object({
    status: z.enum(DSR_STATUSES).optional(),
    type: dsrTypeField.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: cursorQueryField,
  })
  .strict();

export const dsrApproveBody = z
  .object({
    changes: z
      .object({ name: z.string().min(1).max(200).optional(), email: z.email().max(254).optional() })
      .strict()
      .optional()
      .describe('rectification tickets: the corrected fields (at least one)'),
  })
  .strict();

export const dsrRejectBody = z.object({ reason: z.string().trim().min(3).max(2000) }).strict();

/** `14d`, `36h`, `90s`: how much later the deadline moves. */
const extendBy = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,3})?(s|m|h|d)$/, 'expected a duration such as 14d, 36h or 90s')
  .transform((v) => {
    const [, n, unit] = /^([\d.]+)(s|m|h|d)$/.exec(v)!;
    return Math.round(Number(n) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 's' | 'm' | 'h' | 'd']);
  })
  .refine((ms) => ms > 0, 'must be longer than zero');

export const dsrExtendBody = z.object({ extendBy, reason: z.string().trim().min(3).max(2000) }).strict();

/** A ticket as the operator sees it (the extension keys are internal). */
export function dsrTicketView(t: DsrTicketRow) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    ticketId: t.id,
    email: t.email,
    type: t.type,
    details: t.details,
    status: t.status,
    workflowId: t.workflowId,
    confirmBy: t.confirmBy.toISOString(),
    confirmationSentAt: iso(t.confirmationSentAt),
    confirmedAt: iso(t.confirmedAt),
    slaDueAt: iso(t.slaDueAt),
    extensions: t.extensions.map(({ byMs, reason, actor, at }) => ({ byMs, reason, actor, at })),
    decision: t.decision,
    decisionReason: t.decisionReason,
    decidedBy: t.decidedBy,
    decidedAt: iso(t.decidedAt),
    closure: t.closure,
    closedAt: iso(t.closedAt),
    createdAt: t.createdAt.toISOString(),
  };
}
