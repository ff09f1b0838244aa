import { Hono, type Context } from 'hono';
import Stripe from 'stripe';
import { PaypalUnavailableError, type PaypalTransmission } from '../../infra/clients/paypal-client';
import { PaymentEventNotReadyError, type DispatchOutcome } from '../../infra/payments/payment-event-dispatcher';
import type { PaymentEvent } from '../../infra/payments/payment-event';
import { mapPaypalEvent, paypalEventSchema } from '../../infra/payments/paypal-event-map';
import { createPaypalVerifyLimiter, isPaypalCertUrl } from '../../infra/payments/paypal-webhook-guard';
import { mapStripeEvent } from '../../infra/payments/stripe-event-map';
import { stripeEventSchema } from '../../infra/payments/stripe-event-schema';
import { stripUnsafeDeep } from '../../domain/safe-text';
import type { AppEnv } from '../app-env';
import type { RouteContext } from '../app-deps';
import { ApiError, badRequest } from '../errors';
import { onlyMethods } from '../method-guard';
import { validate } from '../validation';

/** Stripe's signature tolerance: a replayed old body is refused even with a once-valid signature. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

const PAYPAL_HEADERS = {
  authAlgo: 'paypal-auth-algo',
  certUrl: 'paypal-cert-url',
  transmissionId: 'paypal-transmission-id',
  transmissionSig: 'paypal-transmission-sig',
  transmissionTime: 'paypal-transmission-time',
} as const satisfies Record<keyof PaypalTransmission, string>;

/**
 * Provider webhooks: verify, then hand the event to the dispatcher (dedupe + signalWithStart).
 * Any failure to signal answers non-2xx, so the provider delivers the event again.
 */
export function paymentWebhookRoutes(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const p = ctx.payments;
  const paypalVerifyLimiter = createPaypalVerifyLimiter(ctx.config.paypal.verifyPerMinute);

  async function dispatch(c: Context, ev: PaymentEvent) {
    let outcome: DispatchOutcome;
    try {
      outcome = await p.dispatcher.dispatch(ev, 'webhook');
    } catch (err) {
      if (err instanceof PaymentEventNotReadyError)
        throw new ApiError(503, 'not_ready', `${err.message}; deliver again later`);
      throw err; // Temporal/database down → 503 via the error handler, anything else 500
    }
    return c.json(
      {
        received: true,
        eventId: ev.eventId,
        type: ev.type,
        status: outcome.status,
        ...(outcome.reason && { reason: outcome.reason }),
      },
      200,
    );
  }

  app.post('/stripe', async (c) => {
    const secret = ctx.config.stripe.webhookSecret;
    if (!secret)
      throw new ApiError(
        503,
        'stripe_webhook_not_configured',
        'Stripe webhooks are not configured: set STRIPE_WEBHOOK_SECRET',
      );
    const signature = c.req.header('stripe-signature');
    if (!signature) throw badRequest('missing_signature', 'Missing Stripe-Signature header');
    const raw = await c.req.text(); // the exact bytes Stripe signed, before any JSON parsing
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(raw, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
    } catch {
      throw badRequest('invalid_signature', 'Stripe-Signature does not match the body (or is too old)');
    }
    // Signed is not well-formed: the shape is checked before anything is looked up or signalled.
    // NUL and lone surrogates are removed, not refused: the provider would only deliver the same body again.
    validate(stripeEventSchema(Math.floor(Date.now() / 1000)), stripUnsafeDeep(event), 'event');
    return dispatch(c, mapStripeEvent(event));
  });
  onlyMethods(app, '/stripe', ['POST']);

  app.post('/paypal', async (c) => {
    if (!p.paypal) {
      throw new ApiError(
        503,
        'paypal_not_configured',
        'PayPal webhooks are not configured: set PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET and PAYPAL_WEBHOOK_ID',
      );
    }
    const transmission = {} as PaypalTransmission;
    for (const [key, header] of Object.entries(PAYPAL_HEADERS) as [keyof PaypalTransmission, string][]) {
      const v = c.req.header(header);
      if (!v) throw badRequest('missing_signature', `Missing ${header} header`);
      transmission[key] = v;
    }
    if (!isPaypalCertUrl(transmission.certUrl)) {
      throw badRequest(
        'invalid_cert_url',
        'paypal-cert-url must be an https URL of a PayPal certificate (*.paypal.com/v1/notifications/certs/…)',
        { field: 'paypal-cert-url' },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      throw badRequest('invalid_json', 'Request body is not valid JSON');
    }
    // Everything checkable here is checked before the outbound call, which is then rate-limited.
    const event = validate(paypalEventSchema, stripUnsafeDeep(json));
    const wait = await paypalVerifyLimiter.take();
    if (wait !== undefined) {
      throw new ApiError(
        429,
        'paypal_verify_rate_limited',
        `Too many PayPal webhooks to verify; retry after ${wait} s`,
        undefined,
        { 'Retry-After': String(wait) },
      );
    }
    let verified: boolean;
    try {
      verified = await p.paypal.verifyWebhook(transmission, json);
    } catch (err) {
      if (err instanceof PaypalUnavailableError) throw new ApiError(503, 'paypal_unavailable', err.message);
      throw err;
    }
    if (!verified) throw badRequest('invalid_signature', 'PayPal did not verify this webhook signature');
    return dispatch(c, mapPaypalEvent(event));
  });
  onlyMethods(app, '/paypal', ['POST']);

  return app;
}
