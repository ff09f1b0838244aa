import type { PaymentProvider } from '../../domain/payments';
import type { Config } from '../config/load-config';

/** The providers reconciliation scans: those configured (a scan of an unconfigured one could only fail). */
export function reconciledProviders(config: Pick<Config, 'stripe' | 'paypal'>): PaymentProvider[] {
  const p = config.paypal;
  return [
    ...(config.stripe.secretKey ? (['stripe'] as const) : []),
    ...(p.clientId && p.clientSecret && p.webhookId ? (['paypal'] as const) : []),
  ];
}
