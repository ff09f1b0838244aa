import { z } from 'zod';
import { decimalStringToCents } from '../../domain/money';
import type { PaymentEvent, PaymentEventAction } from './payment-event';

/** The parts of a PayPal webhook event the platform reads; everything else passes through. */
export const paypalEventSchema = z.looseObject({
  id: z.string().min(1),
  event_type: z.string().min(1),
  create_time: z.string().optional(),
  resource: z.looseObject({
    id: z.string().optional(),
    custom_id: z.string().optional(),
    invoice_id: z.string().optional(),
    amount: z.looseObject({ value: z.string(), currency_code: z.string() }).optional(),
    links: z.array(z.looseObject({ rel: z.string(), href: z.string() })).optional(),
    status_details: z.looseObject({ reason: z.string().optional() }).optional(),
  }),
});
export type PaypalEvent = z.infer<typeof paypalEventSchema>;

function action(e: PaypalEvent): PaymentEventAction {
  const r = e.resource;
  const invoiceId = r.custom_id ?? r.invoice_id;
  const cents = r.amount && decimalStringToCents(r.amount.value);
  switch (e.event_type) {
    case 'PAYMENT.CAPTURE.COMPLETED':
      if (!invoiceId || !r.id || cents === undefined || !r.amount)
        return { kind: 'ignore', reason: 'capture without invoice id, id or amount' };
      return {
        kind: 'invoice',
        invoiceId,
        signal: 'succeeded',
        payload: {
          eventId: `paypal:${e.id}`,
          provider: 'paypal',
          providerPaymentId: r.id,
          amountCents: cents,
          currency: r.amount.currency_code.toLowerCase(),
        },
      };
    case 'PAYMENT.CAPTURE.DENIED':
    case 'PAYMENT.CAPTURE.DECLINED':
      if (!invoiceId) return { kind: 'ignore', reason: 'capture without invoice id' };
      return {
        kind: 'invoice',
        invoiceId,
        signal: 'failed',
        payload: { eventId: `paypal:${e.id}`, provider: 'paypal', reason: r.status_details?.reason ?? e.event_type },
      };
    case 'PAYMENT.CAPTURE.REFUNDED': {
      // The resource is the refund; its `up` link names the capture it refunds.
      const capture = r.links?.find((l) => l.rel === 'up')?.href.match(/\/captures\/([^/?]+)/)?.[1];
      if (!capture || !r.id || cents === undefined)
        return { kind: 'ignore', reason: 'refund without capture link, id or amount' };
      return {
        kind: 'refund',
        provider: 'paypal',
        providerPaymentId: capture,
        invoiceId,
        payload: { eventId: `paypal:${e.id}`, refunds: [{ providerRefundId: r.id, amountCents: cents }] },
      };
    }
    default:
      return { kind: 'ignore', reason: `event type ${e.event_type} is not handled` };
  }
}

export function mapPaypalEvent(e: PaypalEvent): PaymentEvent {
  const created = e.create_time ? new Date(e.create_time) : undefined;
  return {
    eventId: `paypal:${e.id}`,
    provider: 'paypal',
    type: e.event_type,
    createdAt: created && !Number.isNaN(created.getTime()) ? created : undefined,
    action: action(e),
  };
}
