import { z } from 'zod';

/**
 * The shape of a Stripe event as far as the platform reads it, checked after the signature and
 * before any effect: a signed but malformed event is a 400, never a half-processed 500.
 * Unknown fields pass through; handled types get their `data.object` checked too.
 */
const id = z.string().min(1).max(255);
const metadata = z.record(z.string(), z.string()).nullish();
const cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const currency = z.string().regex(/^[A-Za-z]{3}$/, 'expected a 3-letter currency code');
const expandable = z.union([id, z.looseObject({ id })]).nullish();

const checkoutSession = z.looseObject({
  id,
  metadata,
  client_reference_id: z.string().max(255).nullish(),
  payment_status: z.string().max(64).optional(),
  amount_total: cents.nullish(),
  currency: currency.nullish(),
  payment_intent: expandable,
});
const paymentIntent = z.looseObject({
  id,
  metadata,
  amount: cents,
  amount_received: cents.optional(),
  currency,
  last_payment_error: z
    .looseObject({ message: z.string().max(5000).optional(), code: z.string().max(255).optional() })
    .nullish(),
});
const charge = z.looseObject({
  id,
  metadata,
  payment_intent: expandable,
  amount_refunded: cents,
  refunds: z
    .looseObject({ data: z.array(z.looseObject({ id, amount: cents, status: z.string().nullish() })).max(1000) })
    .nullish(),
});

const OBJECT_OF_TYPE: Record<string, z.ZodTypeAny> = {
  'checkout.session.completed': checkoutSession,
  'checkout.session.expired': checkoutSession,
  'payment_intent.succeeded': paymentIntent,
  'payment_intent.payment_failed': paymentIntent,
  'charge.refunded': charge,
};

/** How far an event's `created` may lie ahead of our clock (Stripe's own signature tolerance). */
export const STRIPE_MAX_CLOCK_SKEW_SECONDS = 300;

export function stripeEventSchema(nowSec: number) {
  return z
    .looseObject({
      id,
      type: z.string().min(1).max(255),
      created: z
        .number()
        .int()
        .positive()
        .max(nowSec + STRIPE_MAX_CLOCK_SKEW_SECONDS, 'lies in the future'),
      data: z.looseObject({ object: z.looseObject({}) }),
    })
    .superRefine((ev, ctx) => {
      const schema = OBJECT_OF_TYPE[ev.type];
      const parsed = schema?.safeParse(ev.data.object);
      for (const issue of parsed?.success === false ? parsed.error.issues : []) {
        ctx.addIssue({
          code: 'custom',
          path: ['data', 'object', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
          message: issue.message,
        });
      }
    });
}
