import { describe, expect, it } from 'vitest';
import { runPaymentFlood, type FloodFigures } from '../../bench/chaos/payment-flood-scenario';
import { paypalFloodProvider } from '../../bench/chaos/paypal-flood';
import { stripeFloodProvider } from '../../bench/chaos/stripe-flood';

/**
 * The short, fixed-random-start version of `npm run chaos`'s webhook floods (README "Reliability"): the
 * real `npm start` as a child process, 10 invoices and 50 deliveries instead of 100 and 1,000.
 */
const floods = [
  // Stripe lists every event, so reconciliation must catch every dropped one.
  { name: 'Stripe', paid: 'paid', provider: stripeFloodProvider, caught: (f: FloodFigures) => f.dropped },
  // PayPal has no event list: reconciliation finds the captures whose every webhook was lost.
  {
    name: 'PayPal',
    paid: 'captured',
    provider: paypalFloodProvider,
    caught: (f: FloodFigures) => f.invoicesLeftToReconciliation,
  },
];

describe('webhook floods (short version of npm run chaos)', () => {
  for (const flood of floods)
    it(`50 ${flood.name} deliveries for 10 ${flood.paid} invoices, duplicated, shuffled, some lost: each paid once, books exact`, async () => {
      const { row, problems, figures } = await runPaymentFlood(await flood.provider(), {
        invoices: 10,
        events: 50,
        randomStart: 17,
      });
      expect(problems).toEqual([]);
      expect(row).toMatchObject({ tasks: 10, finished: 10, lost: 0, duplicated: 0 });
      expect(figures.duplicates).toBeGreaterThan(0);
      expect(figures.outOfOrder).toBeGreaterThan(0);
      expect(figures.invoicesLeftToReconciliation).toBeGreaterThan(0);
      expect(figures.caughtByReconciliation).toBeGreaterThanOrEqual(flood.caught(figures));
    }, 480_000);
});
