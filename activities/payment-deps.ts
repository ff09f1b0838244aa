import type { FailureAlertDeps } from './failure-alerts';
import type { ClientNotionLinks } from '../infra/db/repositories/client-notion-links';
import type Stripe from 'stripe';
import type { ClientMail } from '../infra/clients/client-mail';
import type { Mailer } from '../infra/clients/mailer';
import type { PaypalClient } from '../infra/clients/paypal-client';
import type { Config } from '../infra/config/load-config';
import type { AuditLog } from '../infra/db/repositories/audit-log';
import type { ClientRepository } from '../infra/db/repositories/clients';
import type { InvoiceRepository } from '../infra/db/repositories/invoices';
import type { PaymentsLedger } from '../infra/db/repositories/payments-ledger';
import type { ReconciliationRepository } from '../infra/db/repositories/reconciliation';
import type { ReconciliationReads } from '../infra/db/repositories/reconciliation-reads';
import type { Logger } from '../infra/logger';
import type { AppMetrics } from '../infra/metrics/app-metrics';
import type { PaymentEventDispatcher } from '../infra/payments/payment-event-dispatcher';

/** What the payment activities need, injected by cli/compose.ts (tests pass the same real parts). */
export interface PaymentActivityDeps extends FailureAlertDeps {
  payments: {
    config: Pick<Config, 'payments' | 'stripe' | 'pricing'>;
    stripe?: Stripe;
    paypal?: PaypalClient;
    clients: ClientRepository;
    invoices: InvoiceRepository;
    ledger: PaymentsLedger;
    audit: AuditLog;
    mailer: Mailer;
    clientMail: ClientMail;
    reconciliation: ReconciliationRepository;
    reconciliationReads: ReconciliationReads;
    clientNotionLinks: ClientNotionLinks;
    dispatcher: PaymentEventDispatcher;
    logger: Logger;
  };
  metrics: AppMetrics;
}
