import { z } from 'zod';
import { amountSchema } from '../domain/amount-schema';
import { clientIdSchema } from './client-schemas';

const DAY_MS = 86_400_000;
/** `2026-03-01` (a whole day: as `to`, the end of that day) or an ISO date-time with offset. */
const when = (end: boolean) =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })]).transform((s) => {
    if (s.length !== 10) return new Date(s);
    const day = Date.parse(`${s}T00:00:00Z`);
    return new Date(end ? day + DAY_MS : day);
  });

/**
 * `POST /api/payments/create-invoice` body. Two forms: `{ amount, email }` as before (clientId optional),
 * or `{ clientId, taskIds? | from?, to? }` whose amount is computed from the client's rates and work.
 */
export const invoiceBody = (maxAmountCents: number) =>
  z
    .object({
      amount: amountSchema(maxAmountCents).optional(),
      email: z.email().max(254).optional(),
      clientId: clientIdSchema.optional(),
      name: z.string().trim().min(1).max(200).optional(),
      taskIds: z.array(z.string().min(1).max(200)).max(500).optional(),
      from: when(false).optional(),
      to: when(true).optional(),
      description: z.string().trim().min(1).max(500).optional(),
      idempotencyKey: z.string().trim().min(1).max(200).optional(),
      /** Where the client pays: Stripe Checkout (default) or a PayPal order's approval link. */
      provider: z.enum(['stripe', 'paypal']).optional(),
    })
    .strict()
    .superRefine((b, ctx) => {
      if (b.amount === undefined && !b.clientId)
        ctx.addIssue({
          code: 'custom',
          path: ['clientId'],
          message: 'is required without amount (the amount is then computed from the work)',
        });
      if (b.amount !== undefined && !b.email && !b.clientId)
        ctx.addIssue({ code: 'custom', path: ['email'], message: 'is required' });
      if (b.taskIds && (b.from || b.to))
        ctx.addIssue({ code: 'custom', path: ['taskIds'], message: 'give taskIds or from/to, not both' });
      if (b.amount !== undefined && (b.from || b.to))
        ctx.addIssue({ code: 'custom', path: ['from'], message: 'only without amount' });
      if (b.from && b.to && b.from >= b.to)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    });
export type InvoiceBody = z.infer<ReturnType<typeof invoiceBody>>;
