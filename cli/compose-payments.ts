import type { Client } from '@temporalio/client';
import type Stripe from 'stripe';
import { createClientMail } from '../infra/clients/client-mail';
import { createMailer } from '../infra/clients/mailer';
import { createPaypalClient } from '../infra/clients/paypal-client';
import { createStripeClient } from '../infra/clients/stripe-client';
import type { Config } from '../infra/config/load-config';
import type { Db } from '../infra/db/open-database';
import { createAuditLog } from '../infra/db/repositories/audit-log';
import { createClientNotionLinks } from '../infra/db/repositories/client-notion-links';
import { createClientStats } from '../infra/db/repositories/client-stats';
import { createClientRepository } from '../infra/db/repositories/clients';
import { createFinanceMetrics } from '../infra/db/repositories/finance-metrics';
import { createInvoiceWork } from '../infra/db/repositories/invoice-work';
import { createInvoiceRepository } from '../infra/db/repositories/invoices';
import { createPaymentsLedger } from '../infra/db/repositories/payments-ledger';
import { createProcessedEventsRepository } from '../infra/db/repositories/processed-events';
import { createReconciliationRepository } from '../infra/db/repositories/reconciliation';
import { createReconciliationReads } from '../infra/db/repositories/reconciliation-reads';
import { createUnsubscribeStore } from '../infra/db/repositories/unsubscribes';
import { createUnsubscribeTokens } from '../infra/delivery/unsubscribe-token';
import type { Logger } from '../infra/logger';
import type { PaymentServices } from '../infra/payments/payment-services';
import { createPaymentEventDispatcher } from '../infra/payments/payment-event-dispatcher';

export function createPaymentServices(input: {
  config: Config;
  db: Db;
  temporal: Client;
  logger: Logger;
  stripe?: Stripe;
}): PaymentServices {
  const { config, db, temporal } = input;
  const logger = input.logger.child({ component: 'payments' });
  const invoices = createInvoiceRepository(db);
  const ledger = createPaymentsLedger(db);
  const processed = createProcessedEventsRepository(db);
  const mailer = createMailer({ smtpUrl: config.alerts.smtpUrl, from: config.mail.from, logger });
  return {
    config,
    stripe: input.stripe ?? createStripeClient(config.stripe),
    paypal: createPaypalClient(config.paypal),
    clients: createClientRepository(db),
    clientStats: createClientStats(db),
    invoices,
    invoiceWork: createInvoiceWork(db),
    ledger,
    processed,
    audit: createAuditLog(db),
    reconciliation: createReconciliationRepository(db),
    reconciliationReads: createReconciliationReads(db),
    clientNotionLinks: createClientNotionLinks(db),
    finance: createFinanceMetrics(db),
    mailer,
    clientMail: createClientMail({
      mailer,
      unsubscribes: createUnsubscribeStore(db),
      tokens: createUnsubscribeTokens({
        secret: config.auth.sessionSecret,
        previousSecret: config.auth.sessionSecretPrevious,
      }),
      siteUrl: config.payments.siteUrl,
    }),
    dispatcher: createPaymentEventDispatcher({
      temporal,
      taskQueue: config.temporal.taskQueue,
      processed,
      invoices,
      ledger,
      logger,
    }),
    logger,
  };
}
