import { keyIdOf, parseLinkParams, signatureMatches, signClaims, linkQuery } from '../delivery/link-signature';

/** How long the identity-confirmation link and the export download link stay valid. */
export const EXPORT_LINK_TTL_MS = 7 * 86_400_000;

export const dsrConfirmPath = (ticketId: string) => `/dsr/${encodeURIComponent(ticketId)}/confirm`;
export const dsrExportPath = (exportId: string) => `/dsr/exports/${encodeURIComponent(exportId)}`;

/**
 * Signed links of data subject requests, over the delivery-link signature (HMAC-SHA256 with
 * SESSION_SECRET, key id in the link). The claims name the ticket or export instead of a client, scope
 * `all`, generation 0. They live longer than delivery links (up to 7 days), so the replaced key
 * (SESSION_SECRET_PREVIOUS) verifies them while it stays configured.
 */
export function createDsrLinks(opts: { secret?: string; previousSecret?: string; siteUrl: string }) {
  const secrets = [opts.secret, opts.previousSecret].filter((s): s is string => !!s);

  function sign(path: string, subject: string, expiresAt: Date): string {
    if (!opts.secret) throw new Error('DSR links need SESSION_SECRET');
    const exp = Math.floor(expiresAt.getTime() / 1000);
    const sig = signClaims(opts.secret, { method: 'GET', path, clientId: subject, scope: 'all', exp, gen: 0 });
    return `${opts.siteUrl}${path}?${linkQuery({ scope: 'all', exp, gen: 0, kid: keyIdOf(opts.secret), sig })}`;
  }

  function verify(
    path: string,
    subject: string,
    query: Record<string, string | undefined>,
    now = Date.now(),
  ): 'ok' | 'malformed' | 'tampered' | 'expired' {
    const p = parseLinkParams(query);
    if (!p || p.scope !== 'all' || p.gen !== 0) return 'malformed';
    const secret = secrets.find((s) => keyIdOf(s) === p.kid);
    const claims = { method: 'GET' as const, path, clientId: subject, scope: 'all', exp: p.exp, gen: 0 };
    if (!secret || !signatureMatches(secret, claims, p.sig)) return 'tampered';
    return p.exp * 1000 <= now ? 'expired' : 'ok';
  }

  return {
    configured: !!opts.secret,
    confirmUrl: (ticketId: string, expiresAt: Date) => sign(dsrConfirmPath(ticketId), ticketId, expiresAt),
    verifyConfirm: (ticketId: string, q: Record<string, string | undefined>) =>
      verify(dsrConfirmPath(ticketId), ticketId, q),
    exportUrl: (exportId: string, expiresAt: Date) => sign(dsrExportPath(exportId), exportId, expiresAt),
    verifyExport: (exportId: string, q: Record<string, string | undefined>) =>
      verify(dsrExportPath(exportId), exportId, q),
  };
}
export type DsrLinks = ReturnType<typeof createDsrLinks>;
