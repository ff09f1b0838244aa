import type { MiddlewareHandler } from 'hono';

/**
 * Headers of every dashboard page and asset. Scripts and styles come from this origin only (no inline
 * code, so an injected `<script>` or `onclick` never runs); the page fetches this origin only; no
 * framing (clickjacking on the Stop/Pause buttons); the URL never leaks through Referer.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const dashboardHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', DASHBOARD_CSP);
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cache-Control', 'no-store');
};
