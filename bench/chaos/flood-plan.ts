import { setTimeout as sleep } from 'node:timers/promises';
import { fixedRandom } from '../../test/support/fixed-random';

/** One provider event a flood is made of: which invoice it is about and when the provider created it. */
export interface FloodEvent<T> {
  id: string;
  invoiceId: string;
  /** Order of creation at the provider (the order a perfect network would deliver them in). */
  order: number;
  /** A payment proof: when every proof of an invoice is dropped, only reconciliation can pay it. */
  proof: boolean;
  body: T;
}

export interface FloodPlan<T> {
  /** Deliveries in sending order: every kept event at least once, copies spread through, all shuffled. */
  deliveries: FloodEvent<T>[];
  /** Events never delivered (Stripe lists them; PayPal shows the captured order): reconciliation's job. */
  dropped: FloodEvent<T>[];
  duplicates: number;
  /** Deliveries that came before an event of the same invoice created earlier (first deliveries only). */
  outOfOrder: number;
  /** Invoices whose every payment proof was dropped. */
  invoicesLeftToReconciliation: number;
}

/** Fisher–Yates on a copy, from the given PRNG. */
function shuffle<T>(xs: readonly T[], next: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The webhook flood, from a fixed random starting value: `lostInvoiceShare` of the invoices (at least one) lose every
 * payment proof, `dropShare` of the other events are lost one by one, and the kept events are delivered
 * `total` times in all (the rest are re-deliveries of random kept events), in a shuffled order.
 */
export function planFlood<T>(
  events: FloodEvent<T>[],
  o: { total: number; lostInvoiceShare: number; dropShare: number; randomStart: number },
): FloodPlan<T> {
  const rng = fixedRandom(o.randomStart);
  const invoices = [...new Set(events.map((e) => e.invoiceId))];
  const shuffled = shuffle(invoices, rng.next);
  const lost = new Set(shuffled.slice(0, Math.ceil(invoices.length * o.lostInvoiceShare)));
  const dropped: FloodEvent<T>[] = [];
  const kept: FloodEvent<T>[] = [];
  for (const e of events) {
    const drop = (e.proof && lost.has(e.invoiceId)) || rng.next() < o.dropShare;
    (drop ? dropped : kept).push(e);
  }
  if (kept.length > o.total) throw new Error(`${kept.length} kept events do not fit in ${o.total} deliveries`);
  const copies = [...kept];
  while (copies.length < o.total) copies.push(rng.pick(kept));
  const deliveries = shuffle(copies, rng.next);
  const firstSeen = new Set<string>();
  const newest = new Map<string, number>();
  let outOfOrder = 0;
  for (const d of deliveries) {
    if (firstSeen.has(d.id)) continue;
    firstSeen.add(d.id);
    if ((newest.get(d.invoiceId) ?? -Infinity) > d.order) outOfOrder++;
    newest.set(d.invoiceId, Math.max(newest.get(d.invoiceId) ?? -Infinity, d.order));
  }
  const proofsKept = new Set(kept.filter((e) => e.proof).map((e) => e.invoiceId));
  return {
    deliveries,
    dropped,
    duplicates: o.total - kept.length,
    outOfOrder,
    invoicesLeftToReconciliation: invoices.filter((i) => !proofsKept.has(i)).length,
  };
}

/**
 * Sends the deliveries `concurrency` at a time, as a provider does; an answer other than 2xx is
 * delivered again later (Stripe and PayPal both retry), up to `maxTries` times. Returns the retries.
 */
export async function deliverFlood<T>(
  plan: FloodEvent<T>[],
  send: (e: FloodEvent<T>) => Promise<number>,
  concurrency: number,
  problems: string[],
  maxTries = 5,
): Promise<{ retries: number; answers: Map<number, number> }> {
  const queue = plan.map((e) => ({ e, tries: 0 }));
  const answers = new Map<number, number>();
  let retries = 0;
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const status = await send(next.e).catch(() => 0);
      answers.set(status, (answers.get(status) ?? 0) + 1);
      if (status >= 200 && status < 300) continue;
      if (++next.tries >= maxTries) problems.push(`event ${next.e.id}: answered ${status} ${maxTries} times`);
      else {
        retries++;
        await sleep(500); // a provider's retry comes later, not at once
        queue.push(next);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { retries, answers };
}
