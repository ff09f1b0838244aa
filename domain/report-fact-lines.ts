import { formatCents, formatDollars } from './money';
import type { ReportFacts } from './report-facts';

const money = (cents: number, currency: string) => `${formatCents(cents)} ${currency.toUpperCase()}`;
const seconds = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);

/** The facts block every report ends with: the same lines in the email, the PDF and the API's text. */
export function factLines(f: ReportFacts): string[] {
  const s = f.tasksByStatus;
  // Reports stored before the platform's own calls were counted have no such field.
  const platform = f.platformLlmCostMicroUsd ? ` (platform's own ${formatDollars(f.platformLlmCostMicroUsd)})` : '';
  return [
    `Revenue: ${money(f.revenueCents, f.currency)} · refunds ${money(f.refundsCents, f.currency)} · LLM cost ${formatDollars(f.llmCostMicroUsd)}${platform} · margin ${f.marginMicroUsd === null ? 'n/a (not USD)' : formatDollars(f.marginMicroUsd)}`,
    `Tasks by status: done ${s.done ?? 0}, low QA ${s.low_qa ?? 0}, failed ${s.failed ?? 0}`,
    `QA average: ${f.qaAvg ?? 'n/a'} · distribution: ${f.qaDistribution.map((b) => `${b.band} ${b.tasks}`).join(', ')}`,
    `p95 latency: ${seconds(f.p95Ms)}`,
    `Top clients: ${
      f.topClients.length
        ? f.topClients
            .map(
              (c) =>
                `${c.clientId} ${c.tasks} tasks, cost ${formatDollars(c.costMicroUsd)}, revenue ${money(c.revenueCents, f.currency)}`,
            )
            .join('; ')
        : 'none'
    }`,
  ];
}
