import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { AlertService } from '../infra/alerts/alert-service';
import type { Logger } from '../infra/logger';

/** `203.0.113.x` / `2001:db8:1:…`: enough to recognise an address, not a full one in alert channels. */
export function maskIp(ip: string): string {
  if (isIP(ip) === 4) return `${ip.split('.').slice(0, 3).join('.')}.x`;
  if (isIP(ip) === 6) return `${ip.split(':').slice(0, 3).join(':')}:…`;
  return ip;
}

/** The alert sent when a ban is placed: who (masked), how long, and how to lift it. */
export function banAlerter(alerts: AlertService, logger: Logger): (ip: string, seconds: number) => void {
  return (ip, seconds) => {
    const id = createHash('sha256').update(ip).digest('hex').slice(0, 16);
    alerts
      .send({
        key: `rate-guard-ban:${id}`,
        severity: 'warning',
        title: 'Admin API: an address was banned after repeated wrong keys',
        text: [
          `Address ${maskIp(ip)} is refused for ${Math.round(seconds / 60)} minutes, even with the right key.`,
          'If that is you (or your proxy: check TRUST_PROXY), lift it with `echopilot rate-guard stats` and `echopilot rate-guard clear <ip>`,',
          'or DELETE /api/rate-guard/bans/<ip> from another address.',
        ].join('\n'),
      })
      .catch((err: unknown) => logger.warn({ err }, 'ban alert failed'));
  };
}
