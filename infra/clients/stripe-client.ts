import Stripe from 'stripe';
import type { Config } from '../config/load-config';

/** The Stripe SDK for the active mode's key; `STRIPE_API_BASE_URL` points it at stripe-mock in tests. */
export function createStripeClient(stripe: Config['stripe']): Stripe | undefined {
  if (!stripe.secretKey) return undefined;
  const base = stripe.baseUrl ? new URL(stripe.baseUrl) : undefined;
  return new Stripe(stripe.secretKey, {
    maxNetworkRetries: 2,
    timeout: 30_000,
    ...(base && {
      host: base.hostname,
      port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
      protocol: base.protocol.replace(':', '') as 'http' | 'https',
    }),
  });
}
