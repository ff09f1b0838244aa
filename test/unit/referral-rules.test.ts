import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linesTotal } from '../../domain/invoice-lines';
import {
  grossOfInvoice,
  MIN_INVOICE_CENTS,
  REFERRAL_CODE_RE,
  referralAdjustment,
  referralCodeFrom,
} from '../../domain/referrals';

describe('referral rules', () => {
  it('a code is EP- and six upper-case hex digits of three bytes', () => {
    expect(referralCodeFrom(Uint8Array.from([0x0a, 0xbc, 0xff]))).toBe('EP-0ABCFF');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 3, maxLength: 3 }), (b) => {
        expect(referralCodeFrom(b)).toMatch(REFERRAL_CODE_RE);
      }),
    );
  });

  it('the discount is rewardPercent of the gross, as one negative line', () => {
    const adj = referralAdjustment(1999, { code: 'EP-000001', rewardPercent: 10 }, []);
    expect(adj.discount).toEqual({ code: 'EP-000001', cents: 199 });
    expect(adj.lines).toEqual([
      { description: 'Referral discount 10% (code EP-000001)', quantity: 1, unitCents: -199, amountCents: -199 },
    ]);
  });

  it('credits are used whole, oldest first, while the invoice stays at least $0.50; the rest wait', () => {
    const credits = [
      { referredClientId: 'a', creditCents: 300 },
      { referredClientId: 'b', creditCents: 700 },
      { referredClientId: 'c', creditCents: 100 },
    ];
    const adj = referralAdjustment(1000, undefined, credits);
    expect(adj.credits.map((c) => c.referredClientId)).toEqual(['a', 'c']);
    expect(1000 + linesTotal(adj.lines)).toBe(600);
  });

  it('no adjustment ever takes an invoice under the minimum, and the gross is recovered from the lines', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { maxLength: 5 }),
        (gross, pct, creditCents) => {
          const adj = referralAdjustment(
            gross,
            pct === undefined ? undefined : { code: 'EP-ABCDEF', rewardPercent: pct },
            creditCents.map((c, i) => ({ referredClientId: `r${i}`, creditCents: c })),
          );
          const total = gross + linesTotal(adj.lines);
          if (adj.lines.length > 0) expect(total).toBeGreaterThanOrEqual(MIN_INVOICE_CENTS);
          const lineItems = [{ amountCents: gross }, ...adj.lines];
          expect(grossOfInvoice({ amountCents: total, lineItems })).toBe(gross);
        },
      ),
    );
  });
});
