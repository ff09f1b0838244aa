/**
 * Whether a received payment settles its invoice. Only the exact amount in the invoice's currency
 * (or more) settles it; anything else leaves the invoice unpaid for an operator to resolve.
 */
export type SettlementVerdict = 'exact' | 'overpaid' | 'underpaid' | 'mismatch';

/** Invoice statuses of a payment that arrived but did not settle the invoice. */
export const UNSETTLED_STATUSES = ['underpaid', 'mismatch'] as const;
export type UnsettledStatus = (typeof UNSETTLED_STATUSES)[number];

export interface Money {
  amountCents: number;
  currency: string;
}

export function settlementOf(invoice: Money, received: Money): SettlementVerdict {
  if (received.currency.trim().toLowerCase() !== invoice.currency.trim().toLowerCase()) return 'mismatch';
  if (!Number.isSafeInteger(received.amountCents) || received.amountCents < 0) return 'mismatch';
  if (received.amountCents < invoice.amountCents) return 'underpaid';
  return received.amountCents > invoice.amountCents ? 'overpaid' : 'exact';
}

export const settles = (v: SettlementVerdict): v is 'exact' | 'overpaid' => v === 'exact' || v === 'overpaid';
