import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The share URL of a referral code: `<PUBLIC_URL>/referral/<code>?sig=<hmac>`. The HMAC (SESSION_SECRET,
 * its own domain string) covers the code, so a link edited into another code no longer verifies.
 */
export const referralSignature = (secret: string, code: string) =>
  createHmac('sha256', secret).update(`echopilot-referral\nv1\n${code}`).digest('base64url');

export function referralShareUrl(base: string, secret: string, code: string): string {
  return `${base.replace(/\/+$/, '')}/referral/${encodeURIComponent(code)}?sig=${referralSignature(secret, code)}`;
}

export function referralSignatureValid(secrets: (string | undefined)[], code: string, sig: string): boolean {
  const got = Buffer.from(sig);
  return secrets.some((s) => {
    if (!s) return false;
    const want = Buffer.from(referralSignature(s, code));
    return got.length === want.length && timingSafeEqual(got, want);
  });
}
