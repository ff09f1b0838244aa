import type { DeliveryLinksStore } from '../db/repositories/delivery-links-store';
import {
  keyIdOf,
  linkQuery,
  MAX_LINK_TTL_SECONDS,
  parseLinkParams,
  signatureMatches,
  signClaims,
  type LinkClaims,
} from './link-signature';

export type LinkFailure = 'malformed' | 'tampered' | 'expired' | 'revoked';
export type LinkVerdict = { ok: true; scope: string; exp: number; gen: number } | { ok: false; reason: LinkFailure };

/** The client page of signed delivery links (README "Delivery links"). */
export const deliveryPagePath = (clientId: string) => `/delivery/${encodeURIComponent(clientId)}`;

/**
 * Signed delivery links: SESSION_SECRET signs; SESSION_SECRET_PREVIOUS still verifies until every link
 * it can have signed has expired (MAX_LINK_TTL_SECONDS after the current key was first used), then
 * never again, even if it stays configured.
 */
export function createDeliveryLinks(opts: {
  secret?: string;
  previousSecret?: string;
  store: DeliveryLinksStore;
  siteUrl: string;
  now?: () => number;
}) {
  const now = opts.now ?? (() => Date.now());
  const current = opts.secret && { secret: opts.secret, kid: keyIdOf(opts.secret) };
  const previous =
    opts.previousSecret && opts.previousSecret !== opts.secret
      ? { secret: opts.previousSecret, kid: keyIdOf(opts.previousSecret) }
      : undefined;

  function requireKey() {
    if (!current) throw new Error('delivery links need SESSION_SECRET');
    return current;
  }

  /** A signed URL for one exact path (the page or one of its downloads). */
  function signedUrl(path: string, claims: Omit<LinkClaims, 'method' | 'path'>): string {
    const key = requireKey();
    const sig = signClaims(key.secret, { method: 'GET', path, ...claims });
    return `${opts.siteUrl}${path}?${linkQuery({ scope: claims.scope, exp: claims.exp, gen: claims.gen, kid: key.kid, sig })}`;
  }

  return {
    configured: !!current,
    signedUrl,

    async issue(clientId: string, scope: string, ttlSeconds: number): Promise<{ url: string; expiresAt: Date }> {
      const key = requireKey();
      await opts.store.keyFirstSeen(key.kid);
      const exp = Math.floor(now() / 1000) + Math.min(ttlSeconds, MAX_LINK_TTL_SECONDS);
      const gen = await opts.store.generation(clientId);
      return {
        url: signedUrl(deliveryPagePath(clientId), { clientId, scope, exp, gen }),
        expiresAt: new Date(exp * 1000),
      };
    },

    /** Checks shape, signature, expiry (and the replaced key's retirement), then revocation, in that order. */
    async verify(
      method: 'GET' | 'POST',
      path: string,
      clientId: string,
      query: Record<string, string | undefined>,
    ): Promise<LinkVerdict> {
      const p = parseLinkParams(query);
      if (!p || !current) return { ok: false, reason: 'malformed' };
      const key = p.kid === current.kid ? current : p.kid === previous?.kid ? previous : undefined;
      const claims: LinkClaims = { method, path, clientId, scope: p.scope, exp: p.exp, gen: p.gen };
      if (!key || !signatureMatches(key.secret, claims, p.sig)) return { ok: false, reason: 'tampered' };
      const nowSec = Math.floor(now() / 1000);
      if (p.exp <= nowSec) return { ok: false, reason: 'expired' };
      if (key === previous) {
        const since = (await opts.store.keyFirstSeen(current.kid)).getTime() / 1000;
        if (nowSec >= since + MAX_LINK_TTL_SECONDS) return { ok: false, reason: 'expired' };
      }
      if (p.gen < (await opts.store.generation(clientId))) return { ok: false, reason: 'revoked' };
      return { ok: true, scope: p.scope, exp: p.exp, gen: p.gen };
    },

    revoke: (clientId: string) => opts.store.revoke(clientId),
  };
}
export type DeliveryLinks = ReturnType<typeof createDeliveryLinks>;
