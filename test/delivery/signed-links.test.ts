import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverySigningKeys, jobs } from '../../infra/db/schema';
import { keyIdOf } from '../../infra/delivery/link-signature';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const OLD = 'old-session-secret-0123456789';
const NEW = 'new-session-secret-9876543210';
const SITE = 'https://echopilot.example';
const admin = adminHeaders('10.12.0.1');

interface Link {
  url: string;
  expiresAt: string;
}

describe('signed delivery links: GET /api/customer/signed-url/:clientId and the client page', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({ SESSION_SECRET: OLD, PUBLIC_URL: SITE });
    const clients = p.appDeps.payments.clients;
    await clients.insert({ id: 'cli_a', email: 'a@example.com', name: 'Client A', rateCentsPerMin: 500 });
    await clients.insert({ id: 'cli_b', email: 'b@example.com', name: 'Client B', rateCentsPerMin: 500 });
    const task = (taskId: string, clientId: string, status: string, result: string | null) => ({
      taskId,
      workflowId: `task-${taskId}`,
      source: 'api',
      clientId,
      title: `Title ${taskId}`,
      prompt: 'p',
      status,
      result,
      completedAt: new Date(),
    });
    await p.database.db
      .insert(jobs)
      .values([
        task('t-a1', 'cli_a', 'done', 'Result **A1** for the client'),
        task('t-a2', 'cli_a', 'low_qa', 'Result A2'),
        task('t-a3', 'cli_a', 'running', null),
        task('t-b1', 'cli_b', 'done', 'Secret result of B'),
      ]);
    await p.appDeps.payments.invoices.insert({
      id: 'inv_a1',
      clientId: 'cli_a',
      email: 'a@example.com',
      amountCents: 1234,
      currency: 'usd',
      taskIds: ['t-a1'],
      workflowId: 'invoice-inv_a1',
      status: 'open',
      checkoutUrl: 'https://checkout.stripe.com/c/pay/cs_test_a1',
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await p.appDeps.payments.invoices.insert({
      id: 'inv_b1',
      clientId: 'cli_b',
      email: 'b@example.com',
      amountCents: 999,
      currency: 'usd',
      workflowId: 'invoice-inv_b1',
      status: 'open',
      checkoutUrl: 'https://checkout.stripe.com/c/pay/cs_test_b1',
      expiresAt: new Date(Date.now() + 3_600_000),
    });
  });
  afterAll(async () => p.close());

  const issue = async (platform: TestPlatform, clientId: string, query = '') => {
    const res = await platform.app.request(`/api/customer/signed-url/${clientId}${query}`, { headers: admin });
    return { status: res.status, body: (await res.json()) as Link & { error?: { message: string } } };
  };
  /** Opens a link (absolute URL) on a platform's app, as the client's browser would. */
  const open = async (platform: TestPlatform, url: string) => {
    const u = new URL(url);
    const res = await platform.app.request(`${u.pathname}${u.search}`);
    return {
      status: res.status,
      headers: res.headers,
      text: res.status === 200 && res.headers.get('content-type') === 'application/pdf' ? '' : await res.text(),
      res,
    };
  };
  const links = (page: string) => [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

  it("valid: the page lists only this client's finished results and invoices; downloads as Markdown and PDF", async () => {
    const before = Date.now();
    const link = await issue(p, 'cli_a');
    expect(link.status).toBe(200);
    expect(link.body.url.startsWith(`${SITE}/delivery/cli_a?`)).toBe(true);
    const exp = new Date(link.body.expiresAt).getTime();
    expect(exp).toBeGreaterThanOrEqual(before + 24 * 3_600_000 - 2000);
    expect(exp).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);

    const page = await open(p, link.body.url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Title t-a1');
    expect(page.text).toContain('Title t-a2');
    expect(page.text).not.toContain('Title t-a3'); // not finished
    expect(page.text).not.toContain('t-b1');
    expect(page.text).not.toContain('inv_b1');
    expect(page.text).toContain('inv_a1');
    expect(page.text).toContain('https://checkout.stripe.com/c/pay/cs_test_a1');
    expect(page.text).not.toMatch(/<script|https?:\/\/(?!checkout\.stripe\.com|echopilot\.example)/);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');

    const md = links(page.text).find((h) => h.includes('/results/t-a1.md'))!;
    const mdRes = await open(p, md);
    expect(mdRes.status).toBe(200);
    expect(mdRes.headers.get('content-type')).toContain('text/markdown');
    expect(mdRes.text).toBe('# Title t-a1\n\nResult **A1** for the client\n');
    const pdf = links(page.text).find((h) => h.includes('/results/t-a1.pdf'))!;
    const pdfRes = await open(p, pdf);
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdfRes.res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
  });

  it('tampered (any signed part changed) → 403 saying so; malformed → 403, never 500', async () => {
    const { url } = (await issue(p, 'cli_a')).body;
    const u = new URL(url);
    const variants: [string, (q: URLSearchParams) => void][] = [
      ['exp', (q) => q.set('exp', String(Number(q.get('exp')) + 3600))],
      ['scope', (q) => q.set('scope', 'task:t-b1')],
      ['g', (q) => q.set('g', '7')],
      ['sig', (q) => q.set('sig', `${q.get('sig')!.slice(0, -1)}${q.get('sig')!.endsWith('A') ? 'B' : 'A'}`)],
    ];
    for (const [, change] of variants) {
      const q = new URLSearchParams(u.search);
      change(q);
      const res = await p.app.request(`${u.pathname}?${q.toString()}`);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('altered');
    }
    // The same signature on another client's page is refused too.
    const other = await p.app.request(`/delivery/cli_b${u.search}`);
    expect(other.status).toBe(403);
    expect(await other.text()).not.toContain('Secret result of B');

    for (const bad of [
      '',
      '?sig=x',
      '?scope=all&exp=abc&g=0&kid=zz&sig=1',
      u.search.replace(/scope=[^&]*/, 'scope=%00'),
    ]) {
      const res = await p.app.request(`/delivery/cli_a${bad}`);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('not a valid delivery link');
    }
    for (const path of [
      '/delivery/%ff%fe',
      `/delivery/${'x'.repeat(300)}`,
      '/delivery/cli_a/results/%00.md',
      '/delivery/cli_a/results/noext',
    ])
      expect((await p.app.request(`${path}${u.search}`)).status).toBe(403);
  });

  it('expired → 403 saying so', async () => {
    const { url } = (await issue(p, 'cli_a', '?ttlHours=0.0003')).body; // about a second
    await new Promise((r) => setTimeout(r, 2200));
    const res = await open(p, url);
    expect(res.status).toBe(403);
    expect(res.text).toContain('expired');
  });

  it("another client's task: refused at issue (400 naming taskId) and never reachable from a task link", async () => {
    const refused = await issue(p, 'cli_a', '?taskId=t-b1');
    expect(refused.status).toBe(400);
    expect(refused.body.error!.message).toContain('taskId');
    const scoped = await issue(p, 'cli_a', '?taskId=t-a1');
    expect(scoped.status).toBe(200);
    const page = await open(p, scoped.body.url);
    expect(page.text).toContain('Title t-a1');
    expect(page.text).not.toContain('Title t-a2');
    const md = links(page.text).find((h) => h.includes('/results/t-a1.md'))!;
    const u = new URL(md);
    for (const t of ['t-a2', 't-b1']) {
      const res = await p.app.request(`${u.pathname.replace('t-a1', t)}${u.search}`);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toMatch(/Result A2|Secret result/);
    }
  });

  it('bad input: ttlHours > 24 → 400 naming it; unknown client → 404; no SESSION_SECRET → 503', async () => {
    const big = await issue(p, 'cli_a', '?ttlHours=25');
    expect(big.status).toBe(400);
    expect(big.body.error!.message).toContain('ttlHours');
    expect((await issue(p, 'cli_a', '?ttlHours=abc')).status).toBe(400);
    expect((await issue(p, 'cli_nobody')).status).toBe(404);
    const bare = await createTestPlatform({}, p.database);
    try {
      expect((await issue(bare, 'cli_a')).status).toBe(503);
    } finally {
      await bare.close();
    }
  });

  it('rotation: the old secret verifies within the longest lifetime after the new one took over, not after', async () => {
    const oldLink = (await issue(p, 'cli_a')).body.url;
    const rotated = await createTestPlatform(
      { SESSION_SECRET: NEW, SESSION_SECRET_PREVIOUS: OLD, PUBLIC_URL: SITE },
      p.database,
    );
    const withoutPrevious = await createTestPlatform({ SESSION_SECRET: NEW, PUBLIC_URL: SITE }, p.database);
    try {
      const newLink = (await issue(rotated, 'cli_a')).body.url;
      expect(new URL(newLink).searchParams.get('kid')).toBe(keyIdOf(NEW));
      expect((await open(rotated, oldLink)).status).toBe(200);
      expect((await open(rotated, newLink)).status).toBe(200);
      expect((await open(withoutPrevious, oldLink)).status).toBe(403);
      // 25 hours after the new key was first used, no link of the old key can still be in its lifetime.
      await p.database.db
        .update(deliverySigningKeys)
        .set({ firstSeenAt: new Date(Date.now() - 25 * 3_600_000) })
        .where(eq(deliverySigningKeys.keyId, keyIdOf(NEW)));
      const late = await open(rotated, oldLink);
      expect(late.status).toBe(403);
      expect(late.text).toContain('expired');
      expect((await open(rotated, newLink)).status).toBe(200);
    } finally {
      await rotated.close();
      await withoutPrevious.close();
    }
  });

  it('revocation per client: earlier links of that client → 403 revoked; new links and other clients unaffected', async () => {
    const a = (await issue(p, 'cli_a')).body.url;
    const b = (await issue(p, 'cli_b')).body.url;
    const res = await p.app.request('/api/customer/revoke-links/cli_a', { method: 'POST', headers: admin });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ clientId: 'cli_a', generation: 1 });
    const refused = await open(p, a);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('withdrawn');
    expect((await open(p, b)).status).toBe(200);
    expect((await open(p, (await issue(p, 'cli_a')).body.url)).status).toBe(200);
    expect((await p.app.request('/api/customer/revoke-links/cli_zz', { method: 'POST', headers: admin })).status).toBe(
      404,
    );
    expect((await p.app.request('/api/customer/revoke-links/cli_a', { method: 'POST' })).status).toBe(401);
  });
});
