import { formatCents, formatDollars } from './money';
import type { ReportFacts } from './report-facts';

export interface BriefNarrative {
  text: string;
  model: string;
  /** The facts whose value the narrative quotes, by name (e.g. "revenue"). */
  factsUsed: string[];
}

/** The named numbers the model is given: it may only speak about these. */
export function briefFactList(f: ReportFacts): { name: string; value: string }[] {
  const s = f.tasksByStatus;
  const cur = f.currency.toUpperCase();
  return [
    { name: 'revenue', value: `${formatCents(f.revenueCents)} ${cur}` },
    { name: 'refunds', value: `${formatCents(f.refundsCents)} ${cur}` },
    { name: 'llm cost', value: formatDollars(f.llmCostMicroUsd) },
    { name: 'margin', value: f.marginMicroUsd === null ? 'n/a' : formatDollars(f.marginMicroUsd) },
    { name: 'tasks done', value: String(s.done ?? 0) },
    { name: 'tasks low QA', value: String(s.low_qa ?? 0) },
    { name: 'tasks failed', value: String(s.failed ?? 0) },
    { name: 'QA average', value: f.qaAvg === null ? 'n/a' : String(f.qaAvg) },
    { name: 'p95 latency', value: f.p95Ms === null ? 'n/a' : `${(f.p95Ms / 1000).toFixed(1)} s` },
  ];
}

/** The facts whose value appears in the narrative: what the brief says it used. */
export function factsQuoted(text: string, facts: { name: string; value: string }[]): string[] {
  return facts.filter((f) => f.value !== 'n/a' && text.includes(f.value)).map((f) => f.name);
}

/** The brief's text with the narrative and the numbers it used appended. */
export function withNarrative(text: string, n: BriefNarrative | null): string {
  if (!n) return text;
  const used = n.factsUsed.length ? n.factsUsed.join(', ') : 'none quoted';
  return `${text}\n\nNarrative (${n.model}, over the facts above):\n${n.text}\nNumbers used: ${used}`;
}
