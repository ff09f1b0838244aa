import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { createRateGuard } from '../../api/middleware/rate-guard';
import { createRateGuardStore } from '../../infra/db/repositories/rate-guard-store';
import { TEST_DASH_KEY } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

describe('failed-auth rate guard', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p.close());

  const attempt = (app: typeof p.app, ip: string, key = 'wrong-key') =>
    app.request('/api/system-health', { headers: { 'X-Forwarded-For': ip, 'X-Dash-Key': key } });

  it('bans an IP for 10 minutes after 3 failures in 5 minutes, even with the right key', async () => {
    expect((await attempt(p.app, '192.0.2.1')).status).toBe(401);
    expect((await attempt(p.app, '192.0.2.1')).status).toBe(401);
    const third = await attempt(p.app, '192.0.2.1');
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('600');
    const withKey = await attempt(p.app, '192.0.2.1', TEST_DASH_KEY);
    expect(withKey.status).toBe(429);
    expect(Number(withKey.headers.get('retry-after'))).toBeGreaterThan(590);
    // another IP is unaffected
    expect((await attempt(p.app, '192.0.2.2', TEST_DASH_KEY)).status).toBe(200);
  });

  it('refuses requests that carry no key and no cookie, without counting them toward a ban', async () => {
    const bare = () => p.app.request('/api/system-health', { headers: { 'X-Forwarded-For': '192.0.2.3' } });
    for (let i = 0; i < 5; i++) expect((await bare()).status).toBe(401);
    expect((await attempt(p.app, '192.0.2.3', TEST_DASH_KEY)).status).toBe(200);
    // A forged session cookie is a guess: it still counts.
    const forged = () =>
      p.app.request('/api/system-health', {
        headers: { 'X-Forwarded-For': '192.0.2.4', cookie: 'echopilot_dash=v1.forged.1.bad' },
      });
    expect((await forged()).status).toBe(401);
    expect((await forged()).status).toBe(401);
    expect((await forged()).status).toBe(429);
  });

  it('keeps the ban across an API restart (a new app over the same database)', async () => {
    for (let i = 0; i < 3; i++) await attempt(p.app, '192.0.2.9');
    const restarted = createApp({
      ...p.appDeps,
      rateGuard: createRateGuard({ store: createRateGuardStore(p.database.db) }),
    });
    expect((await attempt(restarted, '192.0.2.9', TEST_DASH_KEY)).status).toBe(429);
  });

  it('lifts the ban when it expires', async () => {
    let now = new Date('2026-03-01T00:00:00Z');
    const guard = createRateGuard({ store: createRateGuardStore(p.database.db), now: () => now });
    const app = createApp({ ...p.appDeps, rateGuard: guard });
    for (let i = 0; i < 3; i++) await attempt(app, '192.0.2.20');
    expect((await attempt(app, '192.0.2.20', TEST_DASH_KEY)).status).toBe(429);
    now = new Date(now.getTime() + 10 * 60_000 + 1_000);
    expect((await attempt(app, '192.0.2.20', TEST_DASH_KEY)).status).toBe(200);
  });

  it('applies a ban recorded by another API process within a second', async () => {
    let now = new Date('2026-03-02T00:00:00Z');
    const store = createRateGuardStore(p.database.db);
    const appA = createApp({ ...p.appDeps, rateGuard: createRateGuard({ store, now: () => now }) });
    const appB = createApp({ ...p.appDeps, rateGuard: createRateGuard({ store, now: () => now }) });
    expect((await attempt(appA, '192.0.2.30', TEST_DASH_KEY)).status).toBe(200);
    for (let i = 0; i < 3; i++) await attempt(appB, '192.0.2.30');
    expect((await attempt(appB, '192.0.2.30', TEST_DASH_KEY)).status).toBe(429);
    now = new Date(now.getTime() + 1_001);
    expect((await attempt(appA, '192.0.2.30', TEST_DASH_KEY)).status).toBe(429);
  });
});
