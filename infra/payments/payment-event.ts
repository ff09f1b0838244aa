import type {
  CheckoutExpired,
  PaymentFailed,
  PaymentProvider,
  PaymentSucceeded,
  RefundObserved,
} from '../../domain/payments';

/** What a provider event asks of the platform, once mapped; shared by webhooks and reconciliation. */
export type PaymentEventAction =
  | { kind: 'invoice'; invoiceId: string; signal: 'succeeded'; payload: PaymentSucceeded }
  | { kind: 'invoice'; invoiceId: string; signal: 'failed'; payload: PaymentFailed }
  | { kind: 'invoice'; invoiceId: string; signal: 'expired'; payload: CheckoutExpired }
  | {
      kind: 'refund';
      provider: PaymentProvider;
      providerPaymentId: string;
      invoiceId?: string;
      payload: RefundObserved;
    }
  | { kind: 'ignore'; reason: string };

export interface PaymentEvent {
  /** Provider-unique id: Stripe `evt_…`, PayPal `paypal:WH-…`. */
  eventId: string;
  provider: PaymentProvider;
  type: string;
  createdAt?: Date;
  action: PaymentEventAction;
}
