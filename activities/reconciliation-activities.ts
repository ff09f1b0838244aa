import { heartbeat } from './activity-context';
import { finishReconciliationRun } from './reconciliation-run';
import type Stripe from 'stripe';
import { STRIPE_EVENT_TYPES } from '../domain/payments';
import { safeQueryError } from '../infra/db/query-error';
import { mapStripeEvent } from '../infra/payments/stripe-event-map';
import { requireStripe, stripeFailure } from '../infra/payments/stripe-failures';
import type { PaymentActivityDeps } from './payment-deps';
import type { ReconciliationSummary } from '../domain/contracts/payment-outcomes';

export function createReconciliationActivities({ payments: d }: PaymentActivityDeps) {
  return {
    /**
     * Lists Stripe events since the stored cursor and feeds each one not processed yet through the
     * webhook's own dispatch path. The cursor moves to the newest event seen, but never past an event
     * whose signal failed, so the next scan tries that one again.
     */
    async reconcileStripeEvents(source: string): Promise<ReconciliationSummary> {
      const stripe = requireStripe(d.stripe);
      const startedAt = new Date();
      const lookbackMs = d.config.payments.reconciliationLookbackHours * 3_600_000;
      const from = (await d.reconciliation.cursor('stripe')) ?? new Date(startedAt.getTime() - lookbackMs);
      const events: Stripe.Event[] = [];
      try {
        // `gte` re-reads the cursor's own second; ids already processed are skipped below.
        for await (const ev of stripe.events.list({
          created: { gte: Math.floor(from.getTime() / 1000) },
          types: [...STRIPE_EVENT_TYPES],
          limit: 100,
        })) {
          events.push(ev);
          if (events.length % 100 === 0) heartbeat(events.length);
        }
      } catch (err) {
        throw stripeFailure(err, 'list events');
      }
      events.sort((a, b) => a.created - b.created); // oldest first: payments before their refunds

      const caught: ReconciliationSummary['caught'] = [];
      const failed: ReconciliationSummary['failed'] = [];
      let cursor = from.getTime();
      let blockedAt: number | undefined;
      for (const ev of events) {
        try {
          const outcome = await d.dispatcher.dispatch(mapStripeEvent(ev), 'reconciliation');
          if (outcome.status !== 'duplicate') caught.push({ eventId: ev.id, type: ev.type, outcome: outcome.status });
        } catch (err) {
          failed.push({ eventId: ev.id, error: (safeQueryError(err) as Error).message.slice(0, 300) });
          blockedAt ??= ev.created * 1000;
        }
        if (blockedAt === undefined) cursor = Math.max(cursor, ev.created * 1000);
      }
      const cursorTo = new Date(blockedAt !== undefined ? Math.max(from.getTime(), blockedAt) : cursor);
      return finishReconciliationRun(d, {
        provider: 'stripe',
        source,
        scanned: events.length,
        caught,
        failed,
        cursorFrom: from,
        cursorTo,
        startedAt,
        missed: 'payment events',
      });
    },
  };
}
export type ReconciliationActivities = ReturnType<typeof createReconciliationActivities>;
