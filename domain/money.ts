// No zod here: workflows import these helpers, and every module of the workflow bundle is evaluated
// again for each workflow (reusable V8 context); the amount schema lives in amount-schema.ts.

/** Exact decimal-string → cents, without floating-point multiplication. */
export function toCents(text: string): number {
  const [whole, frac = ''] = text.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** Integer cents → "12.34" (two-decimal currencies only; see PAYMENTS_CURRENCY). */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Integer micro-USD → "0.001234" (six decimals, as the task API shows cost). */
export function formatMicroUsd(micro: number): string {
  const sign = micro < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(micro));
  return `${sign}${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}`;
}

/** Integer micro-USD → "$1.234567" / "-$0.000005", for reports and alerts written for people. */
export function formatDollars(micro: number): string {
  const text = formatMicroUsd(micro);
  return text.startsWith('-') ? `-$${text.slice(1)}` : `$${text}`;
}

/** Cents (1/100) → micro-units (1/1,000,000), to put revenue and LLM cost on one scale. */
export const centsToMicro = (cents: number) => cents * 10_000;

/** PayPal sends amounts as decimal strings ("12.34"); parsed exactly, or undefined when malformed. */
export function decimalStringToCents(value: string): number | undefined {
  return /^\d+(\.\d{1,2})?$/.test(value) ? toCents(value) : undefined;
}
