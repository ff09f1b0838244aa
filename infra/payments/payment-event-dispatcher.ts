import type { Client } from '@temporalio/client';
import {
  invoiceWorkflowId,
  refundWorkflowId,
  type InvoiceWorkflowInput,
  type RefundWorkflowInput,
} from '../../domain/payments';
import { stripUnsafeDeep } from '../../domain/safe-text';
import {
  invoiceCheckoutExpired,
  invoicePaymentFailed,
  invoicePaymentSucceeded,
  paymentRefunded,
} from '../../domain/contracts/payment-messages';
import type { InvoiceRepository } from '../db/repositories/invoices';
import type { PaymentsLedger } from '../db/repositories/payments-ledger';
import type { ProcessedEventsRepository } from '../db/repositories/processed-events';
import type { Logger } from '../logger';
import type { PaymentEvent } from './payment-event';

// Signatures of the workflows signalled here, by name: infra knows their contract, not their code.
type InvoiceWorkflowFn = (input: InvoiceWorkflowInput) => Promise<unknown>;
type RefundWorkflowFn = (input: RefundWorkflowInput) => Promise<unknown>;

export interface DispatchOutcome {
  status: 'signalled' | 'ignored' | 'duplicate';
  workflowId?: string;
  reason?: string;
}

/** Thrown when an event refers to something the platform will know shortly: answer non-2xx, retry. */
export class PaymentEventNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentEventNotReadyError';
  }
}

export interface DispatcherDeps {
  temporal: Client;
  taskQueue: string;
  processed: ProcessedEventsRepository;
  invoices: InvoiceRepository;
  ledger: PaymentsLedger;
  logger: Logger;
}

/**
 * The one path from a provider event to a workflow signal, used by the webhooks and by
 * reconciliation. Order: skip ids already processed → signalWithStart → record the id. The id is
 * recorded only after the signal succeeded, so a failure leaves it for the provider's retry or the
 * next scan; two concurrent deliveries may both signal, and the workflows ignore a repeated event.
 */
export function createPaymentEventDispatcher(d: DispatcherDeps) {
  async function signal(ev: PaymentEvent): Promise<DispatchOutcome> {
    const a = ev.action;
    if (a.kind === 'ignore') return { status: 'ignored', reason: a.reason };
    if (a.kind === 'invoice') {
      if (!(await d.invoices.get(a.invoiceId)))
        return { status: 'ignored', reason: `invoice ${a.invoiceId} is not one of ours` };
      const workflowId = invoiceWorkflowId(a.invoiceId);
      const common = {
        workflowId,
        taskQueue: d.taskQueue,
        args: [{ invoiceId: a.invoiceId }] as [{ invoiceId: string }],
      };
      if (a.signal === 'succeeded')
        await d.temporal.workflow.signalWithStart<InvoiceWorkflowFn, (typeof a.payload)[]>('invoiceWorkflow', {
          ...common,
          signal: invoicePaymentSucceeded,
          signalArgs: [a.payload],
        });
      else if (a.signal === 'failed')
        await d.temporal.workflow.signalWithStart<InvoiceWorkflowFn, (typeof a.payload)[]>('invoiceWorkflow', {
          ...common,
          signal: invoicePaymentFailed,
          signalArgs: [a.payload],
        });
      else
        await d.temporal.workflow.signalWithStart<InvoiceWorkflowFn, (typeof a.payload)[]>('invoiceWorkflow', {
          ...common,
          signal: invoiceCheckoutExpired,
          signalArgs: [a.payload],
        });
      return { status: 'signalled', workflowId };
    }
    const payment = await d.ledger.byProviderRef(a.provider, a.providerPaymentId);
    if (!payment) {
      if (a.invoiceId && (await d.invoices.get(a.invoiceId)))
        throw new PaymentEventNotReadyError(`payment of invoice ${a.invoiceId} is not recorded yet`);
      return { status: 'ignored', reason: `payment ${a.providerPaymentId} is not one of ours` };
    }
    const workflowId = refundWorkflowId(payment.id);
    await d.temporal.workflow.signalWithStart<RefundWorkflowFn, [typeof a.payload]>('refundWorkflow', {
      workflowId,
      taskQueue: d.taskQueue,
      args: [{ paymentId: payment.id }],
      signal: paymentRefunded,
      signalArgs: [a.payload],
    });
    return { status: 'signalled', workflowId };
  }

  return {
    async dispatch(signed: PaymentEvent, source: 'webhook' | 'reconciliation'): Promise<DispatchOutcome> {
      // A provider's event cannot be sent back corrected: NUL and lone surrogates are removed, not refused.
      const ev = stripUnsafeDeep(signed);
      if (await d.processed.has(ev.eventId)) return { status: 'duplicate' };
      const outcome = await signal(ev);
      const stored = await d.processed.record({
        eventId: ev.eventId,
        provider: ev.provider,
        type: ev.type,
        source,
        outcome: outcome.status === 'signalled' ? 'signalled' : 'ignored',
        workflowId: outcome.workflowId,
        eventCreatedAt: ev.createdAt,
      });
      d.logger.info(
        { eventId: ev.eventId, type: ev.type, source, ...outcome, firstRecord: stored },
        'payment event processed',
      );
      return outcome;
    },
  };
}
export type PaymentEventDispatcher = ReturnType<typeof createPaymentEventDispatcher>;
