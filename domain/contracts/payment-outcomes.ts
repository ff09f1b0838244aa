import type { SettlementVerdict, UnsettledStatus } from '../payment-settlement';

// Results of payment activities that the payment workflows act on.

export interface ReconciliationSummary {
  runId: number;
  scanned: number;
  caught: { eventId: string; type: string; outcome: string }[];
  failed: { eventId: string; error: string }[];
  cursorFrom: string;
  cursorTo: string;
  /** Paid state written to the Notion rows of tasks and clients by this run (when Notion is configured). */
  notion?: { invoices: number; taskRows: number; clientRows: number };
}

export type SettlementOutcome =
  | {
      outcome: 'paid';
      verdict: SettlementVerdict;
      paymentId: string;
      amountCents: number;
      expectedCents: number;
      currency: string;
    }
  | { outcome: UnsettledStatus; verdict: UnsettledStatus; expectedCents: number; currency: string };
