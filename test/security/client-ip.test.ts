import { isIP } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveClientIp, type ClientIpPolicy } from '../../api/middleware/client-ip';
import { listen, type RunningServer } from '../../api/server';
import { ConfigError, loadConfig } from '../../infra/config/load-config';
import { authFailures, ipBans } from '../../infra/db/schema';
import { TEST_DASH_KEY } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const guess = (base: string | TestPlatform['app'], xff: string, key = 'wrong-key') => {
  const init = { headers: { 'X-Forwarded-For': xff, 'X-Dash-Key': key } };
  return typeof base === 'string' ? fetch(`${base}/api/system-health`, init) : base.request('/api/system-health', init);
};

describe('client IP behind a proxy (TRUST_PROXY, TRUSTED_PROXY_HOPS, TRUSTED_PROXIES)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p.close());

  it('#1 rotating the left-most X-Forwarded-For entry gives no extra key guesses', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) statuses.push((await guess(p.app, `10.9.9.${i}, 203.0.113.7`)).status);
    expect(statuses).toEqual([401, 401, 429, 429]);
    // The right key from the same (right-most) address is refused too: it is the banned caller.
    expect((await guess(p.app, '10.9.9.99, 203.0.113.7', TEST_DASH_KEY)).status).toBe(429);
  });

  it("#1 naming a victim's address in X-Forwarded-For bans the sender, not the victim", async () => {
    for (let i = 0; i < 3; i++) await guess(p.app, '198.51.100.5, 203.0.113.8');
    expect((await guess(p.app, '198.51.100.5', TEST_DASH_KEY)).status).toBe(200);
    expect((await guess(p.app, '203.0.113.8', TEST_DASH_KEY)).status).toBe(429);
  });

  it('#1 a forwarded value that is not an IP address is never stored as one', async () => {
    const junk = ['<script>alert(1)</script>', "'; drop table ip_bans; --", 'x'.repeat(300), '999.1.1.1', 'fe80::zz'];
    for (const value of junk) await guess(p.app, value);
    const stored = [
      ...(await p.database.db.select({ ip: authFailures.ip }).from(authFailures)),
      ...(await p.database.db.select({ ip: ipBans.ip }).from(ipBans)),
    ].map((r) => r.ip);
    expect(stored.length).toBeGreaterThan(0);
    for (const ip of stored) expect(ip === 'unknown' || isIP(ip) > 0, `stored "${ip.slice(0, 40)}"`).toBe(true);
    for (const value of junk) expect(stored).not.toContain(value);
  });

  describe('over a real socket', () => {
    let hops: TestPlatform;
    let ranges: TestPlatform;
    let outside: TestPlatform;
    const servers: RunningServer[] = [];
    beforeAll(async () => {
      hops = await createTestPlatform({ TRUSTED_PROXY_HOPS: '2' });
      ranges = await createTestPlatform({ TRUSTED_PROXIES: '127.0.0.0/8, 10.0.0.0/8, ::1' });
      outside = await createTestPlatform({ TRUSTED_PROXIES: '10.0.0.0/8' });
      for (const t of [hops, ranges, outside]) servers.push(await listen(t.app, 0, '127.0.0.1'));
    });
    afterAll(async () => {
      for (const s of servers) await s.close();
      for (const t of [hops, ranges, outside]) await t.close();
    });
    const failedIps = async (t: TestPlatform) =>
      (await t.database.db.select({ ip: authFailures.ip }).from(authFailures)).map((r) => r.ip);

    it('#1 TRUSTED_PROXY_HOPS=2 takes the entry the outer proxy appended', async () => {
      await guess(servers[0]!.url, '192.0.2.1, 203.0.113.21, 10.0.0.2');
      expect(await failedIps(hops)).toEqual(['203.0.113.21']);
    });

    it('#1 TRUSTED_PROXIES skips hops inside the ranges and takes the right-most one outside', async () => {
      await guess(servers[1]!.url, '192.0.2.1, 203.0.113.22, 10.1.2.3, 10.0.0.1');
      expect(await failedIps(ranges)).toEqual(['203.0.113.22']);
    });

    it('#1 a caller that is not one of TRUSTED_PROXIES is judged by its socket address', async () => {
      await guess(servers[2]!.url, '203.0.113.23');
      expect(await failedIps(outside)).toEqual(['127.0.0.1']);
    });
  });

  it('#1 resolves the client from the right, validating every hop it reads', () => {
    const hop1: ClientIpPolicy = { trustProxy: true, trustedProxyHops: 1 };
    expect(resolveClientIp(hop1, { remote: '10.0.0.1', forwardedFor: '1.1.1.1, 2.2.2.2' })).toBe('2.2.2.2');
    expect(resolveClientIp(hop1, { remote: '::ffff:10.0.0.1', forwardedFor: '[2001:db8::1]:443' })).toBe('2001:db8::1');
    expect(resolveClientIp(hop1, { remote: '10.0.0.1', forwardedFor: '203.0.113.1:5555' })).toBe('203.0.113.1');
    expect(resolveClientIp(hop1, { remote: '10.0.0.1', forwardedFor: 'evil' })).toBe('unknown');
    expect(resolveClientIp(hop1, { remote: '::ffff:10.0.0.1' })).toBe('10.0.0.1');
    expect(resolveClientIp({ ...hop1, trustProxy: false }, { remote: '10.0.0.1', forwardedFor: '2.2.2.2' })).toBe(
      '10.0.0.1',
    );
    const cidr: ClientIpPolicy = {
      ...hop1,
      trustedProxies: loadConfig({ TRUST_PROXY: 'true', TRUSTED_PROXIES: '10.0.0.0/8' }).http.trustedProxies,
    };
    expect(resolveClientIp(cidr, { remote: '10.0.0.1', forwardedFor: '1.1.1.1, not-an-ip, 10.0.0.5' })).toBe('unknown');
    expect(resolveClientIp(cidr, { remote: '10.0.0.1', forwardedFor: '10.0.0.7, 10.0.0.5' })).toBe('10.0.0.7');
  });

  it('#1 a malformed TRUSTED_PROXIES entry is a configuration error naming the variable', () => {
    let error: unknown;
    try {
      loadConfig({ TRUST_PROXY: 'true', TRUSTED_PROXIES: '10.0.0.0/8, 10.0.0.0/33, proxy.local' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    for (const p of problems) expect(p).toMatch(/^TRUSTED_PROXIES: /);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8' })).toThrow(
      /TRUSTED_PROXIES: only read with TRUST_PROXY=true/,
    );
  });
});
