import path from 'node:path';
import { startSmtpFake } from '../../test/fakes/smtp-fake';
import { fixedRandom } from '../../test/support/fixed-random';
import { CHAOS_HEADERS, prepareChaos } from './chaos-platform';
import { deliverFlood, planFlood, type FloodEvent, type FloodPlan } from './flood-plan';
import { checkPaymentBooks } from './payment-books';
import { invoiceRuns, settleFlood } from './payment-settle';
import { killLeftovers, stopAndCheck } from './final-stop';
import { startPlatform, waitUntilServing } from './platform-process';
import type { ScenarioResult } from './scenario-row';

export interface FloodInvoice {
  id: string;
  amountCents: number;
}

/** One payment provider's side of a flood: its fake, the platform's settings for it, its webhooks. */
export interface FloodProvider {
  name: 'stripe' | 'paypal';
  env: Record<string, string>;
  /** Every event the provider has about these invoices (the buyer paid each of them). */
  events(invoices: FloodInvoice[]): Promise<FloodEvent<unknown>[]>;
  /** Event ids the platform must have processed once afterwards (delivered, or caught by reconciliation). */
  mustProcess(plan: FloodPlan<unknown>): string[];
  /** Delivers one webhook as the provider would (signed); answers the HTTP status. */
  send(api: string, e: FloodEvent<unknown>, n: number): Promise<number>;
  close(): Promise<void>;
}

export interface FloodOptions {
  invoices: number;
  /** Webhook deliveries in all (duplicates included). */
  events: number;
  randomStart: number;
  concurrency?: number;
  log?: (line: string) => void;
}

/** The measured figures of one flood, beside the table row. */
export interface FloodFigures {
  deliveries: number;
  distinctEvents: number;
  duplicates: number;
  outOfOrder: number;
  dropped: number;
  invoicesLeftToReconciliation: number;
  caughtByReconciliation: number;
  retries: number;
  paid: number;
  doublePaid: number;
  extraReceipts: number;
  revenueCents: number;
  deliverMs: number;
  settleMs: number;
  scans: number;
  maxRunsPerInvoice: number;
}

/**
 * Scenario "webhook flood": N invoices created through the API of `npm start`, every one paid at the
 * provider; the provider's events are then delivered as a storm (duplicates, shuffled, some lost,
 * several at once) and reconciliation (`GET /payments/scan`) runs until the books settle. Afterwards:
 * each invoice paid once for its amount, one audit entry and one receipt each, revenue exact, every
 * invoice workflow run completed (Temporal), every event processed once (database).
 */
export async function runPaymentFlood(
  provider: FloodProvider,
  o: FloodOptions,
): Promise<ScenarioResult & { figures: FloodFigures }> {
  const log = o.log ?? (() => undefined);
  const rng = fixedRandom(o.randomStart);
  const smtp = await startSmtpFake();
  const setup = await prepareChaos(0);
  const proc = startPlatform({ ...setup.env, ...provider.env, SMTP_URL: smtp.url });
  const problems: string[] = [];
  try {
    const { api } = setup;
    await waitUntilServing(api, proc, 600_000); // start-up is not what these scenarios measure
    const invoices: FloodInvoice[] = [];
    for (let i = 0; i < o.invoices; i += 10) {
      const made = await Promise.all(
        Array.from({ length: Math.min(10, o.invoices - i) }, async (_, j) => {
          const cents = rng.int(500, 90_000);
          const res = await fetch(`${api}/api/payments/create-invoice`, {
            method: 'POST',
            headers: CHAOS_HEADERS,
            body: JSON.stringify({
              amount: cents / 100,
              email: `payer${i + j}@example.com`,
              provider: provider.name,
              idempotencyKey: `flood-${i + j}`,
            }),
          });
          const body = (await res.json()) as { invoiceId?: string };
          if (res.status !== 201 && res.status !== 202)
            throw new Error(`invoice ${i + j}: ${res.status} ${JSON.stringify(body)}`);
          return { id: body.invoiceId!, amountCents: cents };
        }),
      );
      invoices.push(...made);
    }
    log(`${invoices.length} ${provider.name} invoices created`);

    const events = await provider.events(invoices);
    const plan = planFlood(events, {
      total: o.events,
      lostInvoiceShare: 0.1,
      dropShare: 0.05,
      randomStart: o.randomStart,
    });
    log(
      `${plan.deliveries.length} deliveries of ${events.length - plan.dropped.length} events: ${plan.duplicates} duplicates, ` +
        `${plan.outOfOrder} out of order, ${plan.dropped.length} dropped (${plan.invoicesLeftToReconciliation} invoices left to reconciliation)`,
    );
    const started = Date.now();
    let n = 0;
    const sent = await deliverFlood(plan.deliveries, (e) => provider.send(api, e, n++), o.concurrency ?? 16, problems);
    const deliverMs = Date.now() - started;
    log(`delivered in ${deliverMs} ms; answers ${JSON.stringify(Object.fromEntries(sent.answers))}`);

    const settled = await settleFlood(api, setup.devPort, invoices, problems, 120_000 + o.invoices * 1_000);
    log(`settled ${settled.settleMs} ms after the last delivery (${settled.scans} reconciliation runs)`);
    const runs = await invoiceRuns(setup.devPort, invoices, problems);
    const receipts = new Map<string, number>();
    for (const m of smtp.mails.filter((x) => x.subject.startsWith('Receipt')))
      for (const inv of invoices) if (m.subject.includes(inv.id)) receipts.set(inv.id, (receipts.get(inv.id) ?? 0) + 1);
    const missingReceipts = invoices.filter((i) => !receipts.has(i.id)).length;
    if (missingReceipts) problems.push(`${missingReceipts} invoices without a receipt`);
    const extraReceipts = [...receipts.values()].reduce((s, k) => s + Math.max(0, k - 1), 0);
    if (extraReceipts) problems.push(`${extraReceipts} receipts sent twice`);

    await stopAndCheck(proc, problems);
    const books = await checkPaymentBooks(path.join(setup.dataDir, 'pglite'), {
      invoiceIds: invoices.map((i) => i.id),
      amountCents: new Map(invoices.map((i) => [i.id, i.amountCents])),
      eventIds: provider.mustProcess(plan),
    });
    problems.push(...books.problems);
    const expectedRevenue = invoices.reduce((s, i) => s + i.amountCents, 0);
    if (books.revenueCents !== expectedRevenue)
      problems.push(`revenue ${books.revenueCents} ≠ invoiced ${expectedRevenue}`);
    if (settled.revenueCents !== expectedRevenue)
      problems.push(`/api/finance-metrics revenue ${settled.revenueCents} ≠ invoiced ${expectedRevenue}`);
    const figures: FloodFigures = {
      deliveries: plan.deliveries.length,
      distinctEvents: events.length,
      duplicates: plan.duplicates,
      outOfOrder: plan.outOfOrder,
      dropped: plan.dropped.length,
      invoicesLeftToReconciliation: plan.invoicesLeftToReconciliation,
      caughtByReconciliation: books.caughtByReconciliation,
      retries: sent.retries,
      paid: books.paid,
      doublePaid: books.doublePaid,
      extraReceipts,
      revenueCents: books.revenueCents,
      deliverMs,
      settleMs: settled.settleMs,
      scans: settled.scans,
      maxRunsPerInvoice: runs.maxRuns,
    };
    log(JSON.stringify(figures));
    return {
      row: {
        scenario: `webhook flood: ${provider.name === 'stripe' ? 'Stripe' : 'PayPal'}`,
        tasks: o.invoices,
        faults: plan.duplicates + plan.dropped.length + plan.outOfOrder,
        finished: books.paid,
        lost: o.invoices - books.paid,
        duplicated: books.doublePaid + extraReceipts,
        recoverMs: [settled.settleMs],
      },
      problems,
      figures,
    };
  } finally {
    await killLeftovers(proc);
    await Promise.all([setup.close(), smtp.close(), provider.close()]);
  }
}
