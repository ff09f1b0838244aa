import { formatCents, formatDollars } from './money';
import type { ReportFacts } from './report-facts';

export interface BriefNarrative {
  text: string;
  model: string;
  /** The facts whose value the narrative quotes, by name (e.g. "revenue"). */
  factsUsed: string[];
}

export interface BriefFact {
  name: string;
  value: string;
  /** A word the narrative uses near the number when it means this fact (to tell apart equal values). */
  word: string;
}

/** The named numbers the model is given: it may only speak about these. */
export function briefFactList(f: ReportFacts): BriefFact[] {
  const s = f.tasksByStatus;
  const cur = f.currency.toUpperCase();
  return [
    { name: 'revenue', word: 'revenue', value: `${formatCents(f.revenueCents)} ${cur}` },
    { name: 'refunds', word: 'refund', value: `${formatCents(f.refundsCents)} ${cur}` },
    { name: 'llm cost', word: 'cost', value: formatDollars(f.llmCostMicroUsd) },
    { name: 'margin', word: 'margin', value: f.marginMicroUsd === null ? 'n/a' : formatDollars(f.marginMicroUsd) },
    { name: 'tasks done', word: 'done', value: String(s.done ?? 0) },
    { name: 'tasks low QA', word: 'low', value: String(s.low_qa ?? 0) },
    { name: 'tasks failed', word: 'fail', value: String(s.failed ?? 0) },
    { name: 'QA average', word: 'qa', value: f.qaAvg === null ? 'n/a' : String(f.qaAvg) },
    { name: 'p95 latency', word: 'latenc', value: f.p95Ms === null ? 'n/a' : `${(f.p95Ms / 1000).toFixed(1)} s` },
  ];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The facts the narrative quotes: the value appears as a whole number, and when several facts share that
 * value (1 failed, 1 low QA) only the one whose word stands within 30 characters of the number counts.
 */
export function factsQuoted(text: string, facts: BriefFact[]): string[] {
  const lower = text.toLowerCase();
  return facts
    .filter((f) => {
      if (f.value === 'n/a') return false;
      const re = new RegExp(`(?<![\\d.])${escape(f.value)}(?!\\d|\\.\\d)`, 'g');
      const unique = facts.filter((o) => o.value === f.value).length === 1;
      for (const m of text.matchAll(re)) {
        if (unique) return true;
        const around = lower.slice(Math.max(0, m.index - 30), m.index + f.value.length + 30);
        if (around.includes(f.word)) return true;
      }
      return false;
    })
    .map((f) => f.name);
}

/** The brief's text with the narrative and the numbers it used appended. */
export function withNarrative(text: string, n: BriefNarrative | null): string {
  if (!n) return text;
  const used = n.factsUsed.length ? n.factsUsed.join(', ') : 'none quoted';
  return `${text}\n\nNarrative (${n.model}, over the facts above):\n${n.text}\nNumbers used: ${used}`;
}
