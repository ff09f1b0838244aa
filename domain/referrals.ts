// Referral rewards (README "Referrals"): integer cents, pure rules shared by the API and its tests.
import type { InvoiceLine } from './invoice-lines';

export const REFERRAL_CODE_RE = /^EP-[A-F0-9]{6}$/;

/** `EP-` and six upper-case hex digits from three random bytes. */
export const referralCodeFrom = (bytes: Uint8Array) =>
  `EP-${Array.from(bytes.subarray(0, 3), (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()}`;

/** Discounts and credits never take an invoice below this (Stripe's smallest charge in USD). */
export const MIN_INVOICE_CENTS = 50;

export interface PendingCredit {
  referredClientId: string;
  creditCents: number;
}

export interface ReferralAdjustment {
  lines: InvoiceLine[];
  /** The referred client's discount given on this invoice (its amount is also the referrer's credit). */
  discount?: { code: string; cents: number };
  /** The referrer's credits used on this invoice, by referred client. */
  credits: PendingCredit[];
}

/**
 * Lines to add to an invoice of `grossCents`: the client's own referral discount (first invoice only,
 * `rewardPercent` of it), then the credits it earned as a referrer, oldest first, each whole or not at
 * all, while the total stays at least MIN_INVOICE_CENTS. Credits that do not fit wait for a later invoice.
 */
export function referralAdjustment(
  grossCents: number,
  ownReferral: { code: string; rewardPercent: number } | undefined,
  pendingCredits: PendingCredit[],
): ReferralAdjustment {
  const lines: InvoiceLine[] = [];
  let total = grossCents;
  let discount: ReferralAdjustment['discount'];
  if (ownReferral) {
    const cents = Math.min(
      Math.floor((grossCents * ownReferral.rewardPercent) / 100),
      Math.max(0, total - MIN_INVOICE_CENTS),
    );
    if (cents > 0) {
      discount = { code: ownReferral.code, cents };
      total -= cents;
      lines.push({
        description: `Referral discount ${ownReferral.rewardPercent}% (code ${ownReferral.code})`,
        quantity: 1,
        unitCents: -cents,
        amountCents: -cents,
      });
    }
  }
  const credits: PendingCredit[] = [];
  for (const c of pendingCredits) {
    if (c.creditCents <= 0 || total - c.creditCents < MIN_INVOICE_CENTS) continue;
    total -= c.creditCents;
    credits.push(c);
    lines.push({ description: 'Referral credit', quantity: 1, unitCents: -c.creditCents, amountCents: -c.creditCents });
  }
  return { lines, discount, credits };
}

/** What an invoice billed before referral lines (they are its only negative lines); its amount when it has none. */
export function grossOfInvoice(inv: { amountCents: number; lineItems: { amountCents: number }[] }): number {
  if (!inv.lineItems.some((l) => l.amountCents < 0)) return inv.amountCents;
  return inv.lineItems.reduce((sum, l) => sum + (l.amountCents > 0 ? l.amountCents : 0), 0);
}
