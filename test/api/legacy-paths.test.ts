import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMethodGuard } from '../../api/method-guard';
import { dashAuth } from '../../api/middleware/dash-auth';
import { createOperatorAudit } from '../../api/operator-audit';
import { legacyPaths } from '../../api/routes/legacy-paths';
import { TEST_DASH_KEY } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

/** Root-level by convention (health checks, API docs, provider callbacks), not the original system's paths. */
const CONVENTIONAL = [
  'GET /health',
  'GET /openapi.json',
  'GET /docs',
  'POST /webhook/stripe',
  'POST /webhook/paypal',
  'POST /webhook/telegram',
  'GET /delivery/:clientId',
  'GET /delivery/:clientId/results/:file',
  'POST /codec/encode',
  'POST /codec/decode',
  'POST /codec/ui/:token/encode',
  'POST /codec/ui/:token/decode',
  // The operator dashboard, a module of its own mounted at /dashboard.
  'GET /dashboard',
  'GET /dashboard/assets/:file',
  'GET /dashboard/tasks/:taskId',
  'POST /dashboard/login',
  'POST /dashboard/logout',
  // The signed share link of a referral code, handed to people outside the platform.
  'GET /referral/:code',
];
const LEGACY = [
  'POST /refund',
  'POST /jobs/replay',
  'GET /ops-report',
  'GET /p95',
  'GET /exec-report',
  'GET /payments/debug',
  'GET /payments/scan',
  'GET /payments/success',
  'GET /payments/cancel',
  'GET /payments/paypal/return',
  'POST /dsr',
  'GET /dsr/:ticketId/confirm',
  'POST /dsr/:ticketId/confirm',
  'GET /dsr/exports/:exportId',
];

describe('routes mounted by prefix, the original root-level paths in api/routes/legacy-paths.ts', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p.close());

  /** `METHOD path` once per operation (a guarded route is listed twice: the admin check and the handler). */
  const operations = (routes: { method: string; path: string; handler: unknown }[]) => [
    ...new Set(
      routes.filter((r) => r.method !== 'ALL' && !isMethodGuard(r.handler)).map((r) => `${r.method} ${r.path}`),
    ),
  ];

  it('serves outside /api only the conventional paths and those legacy-paths mounts', () => {
    const root = operations(p.app.routes).filter((op) => !op.split(' ')[1]!.startsWith('/api/'));
    expect(root.sort()).toEqual([...CONVENTIONAL, 'POST /webhook/notion', ...LEGACY].sort());
    const module = legacyPaths({
      ...p.appDeps,
      admin: dashAuth({ key: TEST_DASH_KEY, rateGuard: p.appDeps.rateGuard, clientIp: () => '192.0.2.200' }),
      clientIpOf: () => '192.0.2.200',
      operatorAudit: createOperatorAudit(p.appDeps.payments.audit, TEST_DASH_KEY),
    });
    expect(operations(module.routes).sort()).toEqual([...LEGACY].sort());
  });

  it('names the full path in a 405, wherever the module is mounted', async () => {
    const cases = [
      ['/api/tasks/t-1/cancel', 'Use POST for /api/tasks/:taskId/cancel'],
      ['/jobs/replay', 'Use POST for /jobs/replay'],
      ['/webhook/stripe', 'Use POST for /webhook/stripe'],
      ['/api/scheduler/stop', 'Use POST for /api/scheduler/stop'],
      ['/dsr', 'Use POST for /dsr'],
    ] as const;
    for (const [path, message] of cases) {
      const res = await p.app.request(path, { headers: { 'X-Dash-Key': TEST_DASH_KEY } });
      expect(res.status).toBe(405);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(message);
    }
    const health = await p.app.request('/health', { method: 'POST' });
    expect(health.headers.get('allow')).toBe('GET');
    expect(((await health.json()) as { error: { message: string } }).error.message).toBe('Use GET for /health');
  });
});
