import { linesTotal, type InvoiceLine } from '../domain/invoice-lines';
import { REFERRAL_CODE_RE, referralAdjustment, type ReferralAdjustment } from '../domain/referrals';
import type { Referrals } from '../infra/db/repositories/referrals';
import { ApiError, conflict, fieldError } from './errors';

const invalid = (message: string) => fieldError('body', 'referralCode', message);

/** A referral code a client may be created or updated with: it exists and is not the client's own. */
export async function checkReferralCode(referrals: Referrals, code: string, clientId: string | undefined) {
  if (!REFERRAL_CODE_RE.test(code)) throw invalid('must look like EP-1A2B3C');
  const row = await referrals.code(code);
  if (!row) throw invalid(`no such referral code ${code}`);
  if (clientId && row.clientId === clientId) throw invalid('a client cannot use its own referral code');
}

/** Records the code on the client; the same code again is a no-op, another code is refused. */
export async function attachReferralCode(referrals: Referrals, clientId: string, code: string) {
  const prior = await referrals.referralOf(clientId);
  if (prior?.code === code) return;
  if (!prior && (await referrals.hasInvoices(clientId)))
    throw new ApiError(409, 'conflict', "A referral code only counts before the client's first invoice", {
      field: 'referralCode',
    });
  if (await referrals.attach(clientId, code)) return;
  if ((await referrals.referralOf(clientId))?.code !== code)
    throw new ApiError(409, 'conflict', 'The client already came with another referral code', {
      field: 'referralCode',
    });
}

/** The client's invoice lines with its referral discount and referrer credits added (not yet claimed). */
export async function withReferral(
  referrals: Referrals,
  clientId: string,
  lines: InvoiceLine[],
): Promise<{ lines: InvoiceLine[]; amountCents: number; referral: ReferralAdjustment }> {
  const gross = linesTotal(lines);
  const referral = referralAdjustment(
    gross,
    await referrals.pendingDiscount(clientId),
    await referrals.pendingCredits(clientId),
  );
  const all = [...lines, ...referral.lines];
  return { lines: all, amountCents: linesTotal(all), referral };
}

export const referralRaceLost = () =>
  conflict('a referral discount or credit of this client is on another invoice being created; retry shortly');
