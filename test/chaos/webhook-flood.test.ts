import { describe, expect, it } from 'vitest';
import { runPaymentFlood } from '../../bench/chaos/payment-flood-scenario';
import { paypalFloodProvider } from '../../bench/chaos/paypal-flood';
import { stripeFloodProvider } from '../../bench/chaos/stripe-flood';

/**
 * The short, fixed-random-start version of `npm run chaos`'s webhook floods (README "Reliability"): the
 * real `npm start` as a child process, 10 invoices and 50 deliveries instead of 100 and 1,000.
 */
describe('webhook floods (short version of npm run chaos)', () => {
  it('50 Stripe deliveries for 10 paid invoices, duplicated, shuffled, some lost: each paid once, books exact', async () => {
    const { row, problems, figures } = await runPaymentFlood(await stripeFloodProvider(), {
      invoices: 10,
      events: 50,
      randomStart: 17,
    });
    expect(problems).toEqual([]);
    expect(row).toMatchObject({ tasks: 10, finished: 10, lost: 0, duplicated: 0 });
    expect(figures.duplicates).toBeGreaterThan(0);
    expect(figures.outOfOrder).toBeGreaterThan(0);
    expect(figures.invoicesLeftToReconciliation).toBeGreaterThan(0);
    expect(figures.caughtByReconciliation).toBeGreaterThanOrEqual(figures.dropped);
  }, 480_000);

  it('50 PayPal deliveries for 10 captured invoices, duplicated, shuffled, some lost: each paid once, books exact', async () => {
    const { row, problems, figures } = await runPaymentFlood(await paypalFloodProvider(), {
      invoices: 10,
      events: 50,
      randomStart: 17,
    });
    expect(problems).toEqual([]);
    expect(row).toMatchObject({ tasks: 10, finished: 10, lost: 0, duplicated: 0 });
    expect(figures.duplicates).toBeGreaterThan(0);
    expect(figures.invoicesLeftToReconciliation).toBeGreaterThan(0);
    expect(figures.caughtByReconciliation).toBeGreaterThanOrEqual(figures.invoicesLeftToReconciliation);
  }, 480_000);
});
