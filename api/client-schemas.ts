import { z } from 'zod';
import { toCents } from '../domain/money';

const CLIENT_ID_RE = /^[\w.@:-]+$/;
export const clientIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(CLIENT_ID_RE, 'letters, digits and . _ - @ : only');

/** A USD amount ≥ 0 with at most two decimals (number or decimal string) → integer cents. */
const usd = (maxUsd: number) =>
  z
    .unknown()
    .superRefine((v, ctx) => {
      if (typeof v !== 'number' && typeof v !== 'string')
        return void ctx.addIssue({ code: 'custom', message: 'expected a number such as 12.34' });
      const text = typeof v === 'number' ? String(v) : v.trim();
      if (!/^\d+(\.\d{1,2})?$/.test(text))
        return void ctx.addIssue({ code: 'custom', message: 'must be a number ≥ 0 with at most two decimals' });
      if (Number(text) > maxUsd) ctx.addIssue({ code: 'custom', message: `must be at most ${maxUsd}` });
    })
    .transform((v) => toCents(String(v).trim()));

const fields = {
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254),
  plan: z.string().trim().min(1).max(50),
  ratePerMinuteUsd: usd(1000),
  pricePerTaskUsd: usd(100_000),
  /** null (PATCH): remove the cap. */
  budgetUsdPerMonth: usd(1_000_000).nullable(),
  notifyOnDone: z.boolean(),
  /** The code of the client that referred this one (README "Referrals"). */
  referralCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^EP-[A-F0-9]{6}$/, 'must look like EP-1A2B3C'),
};

/** `POST /api/clients`; `clientId` optional (a chosen id such as the one Notion rows name), else `cli_…`. */
export const createClientBody = z
  .object({
    clientId: clientIdSchema.optional(),
    name: fields.name,
    email: fields.email,
    plan: fields.plan.optional(),
    ratePerMinuteUsd: fields.ratePerMinuteUsd.optional(),
    pricePerTaskUsd: fields.pricePerTaskUsd.optional(),
    budgetUsdPerMonth: fields.budgetUsdPerMonth.optional(),
    notifyOnDone: fields.notifyOnDone.optional(),
    referralCode: fields.referralCode.optional(),
  })
  .strict();

/** `PATCH /api/clients/:clientId`: any of the fields, at least one. */
export const updateClientBody = z
  .object({
    name: fields.name.optional(),
    email: fields.email.optional(),
    plan: fields.plan.optional(),
    ratePerMinuteUsd: fields.ratePerMinuteUsd.optional(),
    pricePerTaskUsd: fields.pricePerTaskUsd.optional(),
    budgetUsdPerMonth: fields.budgetUsdPerMonth.optional(),
    notifyOnDone: fields.notifyOnDone.optional(),
    referralCode: fields.referralCode.optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'give at least one field to change' });

/** The stored form of the money fields: cents per minute and per task, micro-USD per month. */
export function clientMoneyFields(b: {
  ratePerMinuteUsd?: number;
  pricePerTaskUsd?: number;
  budgetUsdPerMonth?: number | null;
}) {
  return {
    ...(b.ratePerMinuteUsd !== undefined && { rateCentsPerMin: b.ratePerMinuteUsd }),
    ...(b.pricePerTaskUsd !== undefined && { pricePerTaskCents: b.pricePerTaskUsd }),
    ...(b.budgetUsdPerMonth !== undefined && {
      budgetMicroUsdPerMonth: b.budgetUsdPerMonth === null ? null : b.budgetUsdPerMonth * 10_000,
    }),
  };
}
