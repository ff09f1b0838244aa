import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * PayPal names its signing certificate in `paypal-cert-url`; the header is the sender's, so only a
 * certificate on PayPal's own hosts (https, `*.paypal.com`, the certs path) is passed on to the
 * verification API.
 */
export function isPaypalCertUrl(value: string): boolean {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return false;
  }
  const host = u.hostname.toLowerCase();
  return (
    u.protocol === 'https:' &&
    !u.username &&
    !u.password &&
    u.port === '' &&
    (host === 'paypal.com' || host.endsWith('.paypal.com')) &&
    u.pathname.startsWith('/v1/notifications/certs/')
  );
}

/**
 * Every PayPal webhook costs an outbound verification call before anything proves it came from
 * PayPal; this caps those calls per minute for the whole process. Returns the seconds to wait
 * when the budget is spent, undefined when the call may go ahead.
 */
export function createPaypalVerifyLimiter(perMinute: number) {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60, keyPrefix: 'paypal-verify' });
  return {
    async take(): Promise<number | undefined> {
      try {
        await limiter.consume('all');
        return undefined;
      } catch (res) {
        if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        throw res;
      }
    },
  };
}
