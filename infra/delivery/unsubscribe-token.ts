import { createHmac, timingSafeEqual } from 'node:crypto';
import { keyIdOf } from './link-signature';

/**
 * Per-recipient one-click unsubscribe tokens (RFC 8058): `<email, base64url>.<key id>.<HMAC>`. They do not
 * expire (a mail stays in an inbox for months); SESSION_SECRET and SESSION_SECRET_PREVIOUS both verify.
 */
export function createUnsubscribeTokens(secrets: { secret?: string; previousSecret?: string }) {
  const keys = [secrets.secret, secrets.previousSecret].filter((s): s is string => !!s);
  const mac = (secret: string, email: string) =>
    createHmac('sha256', secret).update(`unsubscribe\nv1\n${email}`).digest('base64url');
  return {
    configured: keys.length > 0,
    /** Undefined without SESSION_SECRET: the mail then goes out without List-Unsubscribe. */
    tokenFor(email: string): string | undefined {
      if (!secrets.secret) return undefined;
      const e = email.trim().toLowerCase();
      return `${Buffer.from(e).toString('base64url')}.${keyIdOf(secrets.secret)}.${mac(secrets.secret, e)}`;
    },
    /** The address a token was made for, or undefined when it is malformed or not ours. */
    emailOf(token: string): string | undefined {
      const m = /^([A-Za-z0-9_-]{1,400})\.([0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!m) return undefined;
      const key = keys.find((k) => keyIdOf(k) === m[2]);
      if (!key) return undefined;
      const email = Buffer.from(m[1]!, 'base64url').toString('utf8');
      const want = Buffer.from(mac(key, email));
      const got = Buffer.from(m[3]!);
      return got.length === want.length && timingSafeEqual(got, want) ? email : undefined;
    },
  };
}
export type UnsubscribeTokens = ReturnType<typeof createUnsubscribeTokens>;

/** The one-click route inside the API's /api/customer module, and the full path the emails link to. */
export const ONE_CLICK_ROUTE = '/unsubscribe/one-click';
export const oneClickPath = `/api/customer${ONE_CLICK_ROUTE}`;
