import type { ClientNotionLinks } from '../db/repositories/client-notion-links';
import type Stripe from 'stripe';
import type { ClientMail } from '../clients/client-mail';
import type { Mailer } from '../clients/mailer';
import type { PaypalClient } from '../clients/paypal-client';
import type { Config } from '../config/load-config';
import type { AuditLog } from '../db/repositories/audit-log';
import type { ClientStats } from '../db/repositories/client-stats';
import type { ClientRepository } from '../db/repositories/clients';
import type { FinanceMetrics } from '../db/repositories/finance-metrics';
import type { InvoiceWork } from '../db/repositories/invoice-work';
import type { InvoiceRepository } from '../db/repositories/invoices';
import type { PaymentsLedger } from '../db/repositories/payments-ledger';
import type { ProcessedEventsRepository } from '../db/repositories/processed-events';
import type { ReconciliationRepository } from '../db/repositories/reconciliation';
import type { ReconciliationReads } from '../db/repositories/reconciliation-reads';
import type { Logger } from '../logger';
import type { PaymentEventDispatcher } from './payment-event-dispatcher';

/** The payment parts the routes and activities share; cli/compose-payments.ts builds them once. */
export interface PaymentServices {
  config: Config;
  stripe?: Stripe;
  paypal?: PaypalClient;
  clients: ClientRepository;
  clientStats: ClientStats;
  invoices: InvoiceRepository;
  invoiceWork: InvoiceWork;
  ledger: PaymentsLedger;
  processed: ProcessedEventsRepository;
  audit: AuditLog;
  mailer: Mailer;
  /** Mail to clients: List-Unsubscribe on every message, optional mail withheld from unsubscribed addresses. */
  clientMail: ClientMail;
  reconciliation: ReconciliationRepository;
  reconciliationReads: ReconciliationReads;
  clientNotionLinks: ClientNotionLinks;
  dispatcher: PaymentEventDispatcher;
  finance: FinanceMetrics;
  logger: Logger;
}
