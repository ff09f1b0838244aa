import { runNotionRace } from './notion-race-scenario';
import { runPaymentFlood } from './payment-flood-scenario';
import { paypalFloodProvider } from './paypal-flood';
import type { ScenarioResult } from './scenario-row';
import { stripeFloodProvider } from './stripe-flood';

/**
 * The flood and race scenarios of `npm run chaos` that `CHAOS_SCENARIOS` names (stripe-flood,
 * paypal-flood, notion-race). Env: CHAOS_INVOICES (100), CHAOS_WEBHOOK_EVENTS (1000).
 */
export async function floodScenarios(
  names: string[],
  randomStart: number,
  log: (line: string) => void,
): Promise<ScenarioResult[]> {
  const invoices = Number(process.env.CHAOS_INVOICES ?? 100);
  const events = Number(process.env.CHAOS_WEBHOOK_EVENTS ?? 1000);
  const out: ScenarioResult[] = [];
  for (const [name, make] of [
    ['stripe-flood', stripeFloodProvider],
    ['paypal-flood', paypalFloodProvider],
  ] as const) {
    if (!names.includes(name)) continue;
    console.log(`${name}: ${invoices} invoices, ${events} webhook deliveries, random start ${randomStart}`);
    out.push(await runPaymentFlood(await make(), { invoices, events, randomStart, log }));
  }
  if (names.includes('notion-race')) {
    console.log('notion-race: 100 rows, 3 webhooks per row, 10 poll triggers, poll every 10 s');
    out.push(await runNotionRace({ rows: 100, webhooksPerRow: 3, pollTriggers: 10, log }));
  }
  return out;
}
