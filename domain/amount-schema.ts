import { z } from 'zod';
import { formatCents, toCents } from './money';

/**
 * The original EchoPilot runbook's `safe_price`: an amount in major units (12.34) becomes integer cents, or is refused.
 * Zero, negative, non-finite (JSON `1e999` parses to Infinity), more than two decimals and
 * anything above the configured ceiling are errors; decimal strings ("12.34") are accepted too.
 */
export function amountSchema(maxCents: number) {
  // z.unknown + own checks: z.number() would reject Infinity with a vaguer message.
  return z
    .unknown()
    .superRefine((v, ctx) => {
      if (typeof v !== 'number' && typeof v !== 'string')
        return void ctx.addIssue({ code: 'custom', message: 'expected a number such as 12.34' });
      const text = typeof v === 'number' ? String(v) : v.trim();
      const n = typeof v === 'number' ? v : text === '' ? NaN : Number(text);
      if (!Number.isFinite(n)) return void ctx.addIssue({ code: 'custom', message: 'must be a finite number' });
      if (n <= 0) return void ctx.addIssue({ code: 'custom', message: 'must be greater than zero' });
      if (!/^\d+(\.\d{1,2})?$/.test(text))
        return void ctx.addIssue({ code: 'custom', message: 'must have at most two decimals' });
      if (toCents(text) > maxCents)
        ctx.addIssue({ code: 'custom', message: `must be at most ${formatCents(maxCents)}` });
    })
    .transform((v) => toCents(typeof v === 'number' ? String(v) : String(v).trim()));
}
