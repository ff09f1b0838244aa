import type { Client } from '@temporalio/client';
import type Stripe from 'stripe';
import { createMailer } from '../clients/mailer';
import { createPaypalClient, type PaypalClient } from '../clients/paypal-client';
import { createStripeClient } from '../clients/stripe-client';
import type { Config } from '../config/load-config';
import type { Db } from '../db/open-database';
import { createAuditLog } from '../db/repositories/audit-log';
import { createClientRepository } from '../db/repositories/clients';
import { createFinanceMetrics, type FinanceMetrics } from '../db/repositories/finance-metrics';
import { createInvoiceRepository } from '../db/repositories/invoices';
import { createPaymentsLedger } from '../db/repositories/payments-ledger';
import { createProcessedEventsRepository, type ProcessedEventsRepository } from '../db/repositories/processed-events';
import { createReconciliationRepository } from '../db/repositories/reconciliation';
import type { Logger } from '../logger';
import type { PaymentActivityDeps } from '../../activities/payment-deps';
import { createPaymentEventDispatcher } from './payment-event-dispatcher';

/** Everything the payment routes and activities share, built once by the composition root. */
export type PaymentServices = PaymentActivityDeps['payments'] & {
  config: Config;
  paypal?: PaypalClient;
  processed: ProcessedEventsRepository;
  finance: FinanceMetrics;
};

export function createPaymentServices(input: { config: Config; db: Db; temporal: Client; logger: Logger; stripe?: Stripe }): PaymentServices {
  const { config, db, temporal } = input;
  const logger = input.logger.child({ component: 'payments' });
  const invoices = createInvoiceRepository(db);
  const ledger = createPaymentsLedger(db);
  const processed = createProcessedEventsRepository(db);
  return {
    config,
    stripe: input.stripe ?? createStripeClient(config.stripe),
    paypal: createPaypalClient(config.paypal),
    clients: createClientRepository(db),
    invoices,
    ledger,
    processed,
    audit: createAuditLog(db),
    reconciliation: createReconciliationRepository(db),
    finance: createFinanceMetrics(db),
    mailer: createMailer({ smtpUrl: config.alerts.smtpUrl, from: config.mail.from, logger }),
    dispatcher: createPaymentEventDispatcher({ temporal, taskQueue: config.temporal.taskQueue, processed, invoices, ledger, logger }),
    logger,
  };
}
