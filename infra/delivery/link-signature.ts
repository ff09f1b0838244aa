import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The longest a delivery link may live; also how long a replaced signing key keeps verifying. */
export const MAX_LINK_TTL_SECONDS = 24 * 3600;

/** What a link's signature covers. `scope` is `all` or `task:<taskId>`; `gen` the client's link generation. */
export interface LinkClaims {
  method: 'GET' | 'POST';
  path: string;
  clientId: string;
  scope: string;
  /** Unix seconds. */
  exp: number;
  gen: number;
}

/** A key's public name: a hash of the secret, so a link says which key signed it without revealing it. */
export const keyIdOf = (secret: string) =>
  createHash('sha256').update(`echopilot-link-key\n${secret}`).digest('hex').slice(0, 12);

const canonical = (c: LinkClaims, kid: string) =>
  ['v1', c.method, c.path, c.clientId, c.scope, String(c.exp), String(c.gen), kid].join('\n');

/** HMAC-SHA256 over method, path, client, scope, expiry, generation and key id, base64url. */
export function signClaims(secret: string, claims: LinkClaims): string {
  return createHmac('sha256', secret)
    .update(canonical(claims, keyIdOf(secret)))
    .digest('base64url');
}

export function signatureMatches(secret: string, claims: LinkClaims, sig: string): boolean {
  const want = Buffer.from(signClaims(secret, claims));
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The query parameters of a signed link, checked for shape only (the signature is checked after). */
export interface LinkParams {
  scope: string;
  exp: number;
  gen: number;
  kid: string;
  sig: string;
}

const SCOPE = /^(all|task:[A-Za-z0-9._:-]{1,200})$/;

/** Shape check of the query; undefined when anything is missing or out of form (a malformed link). */
export function parseLinkParams(q: Record<string, string | undefined>): LinkParams | undefined {
  const { scope, exp, g, kid, sig } = q;
  if (!scope || !SCOPE.test(scope)) return undefined;
  if (!exp || !/^\d{1,12}$/.test(exp) || !g || !/^\d{1,9}$/.test(g)) return undefined;
  if (!kid || !/^[0-9a-f]{12}$/.test(kid) || !sig || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return undefined;
  return { scope, exp: Number(exp), gen: Number(g), kid, sig };
}

export const linkQuery = (p: LinkParams) =>
  new URLSearchParams({ scope: p.scope, exp: String(p.exp), g: String(p.gen), kid: p.kid, sig: p.sig }).toString();
