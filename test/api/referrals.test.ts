import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERRAL_CODE_RE } from '../../domain/referrals';
import { createReferrals } from '../../infra/db/repositories/referrals';
import { auditLog, jobs } from '../../infra/db/schema';
import { createClient } from '../support/clients';
import { admin, createInvoice, createPaymentPlatform, type PaymentPlatform } from '../support/payments';

type Line = { description: string; amountCents: number };
type Invoice = { invoiceId: string; amountCents: number; lineItems: Line[] };
type ErrorJson = { error: { code: string; message: string; details?: { issues?: { field: string }[] } } };

const SECRET = 'referral-test-session-secret-0123';

describe('referrals: codes, signed share links, the discount and the credit once each', () => {
  let p: PaymentPlatform;
  const ip = '10.14.0.1';
  const newCode = async (body: Record<string, unknown>) => {
    const res = await p.app.request('/api/growth/referral/new', {
      method: 'POST',
      headers: admin(ip),
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const task = (taskId: string, clientId: string) => ({
    taskId,
    workflowId: `task-${taskId}`,
    source: 'api',
    title: `Work ${taskId}`,
    prompt: 'p',
    clientId,
    status: 'done',
    completedAt: new Date(),
  });

  beforeAll(async () => {
    p = await createPaymentPlatform({ SESSION_SECRET: SECRET, PUBLIC_URL: 'https://echo.example' });
    await createClient(
      p.app,
      { clientId: 'ref-owner', name: 'Owner', email: 'owner@ref.example', pricePerTaskUsd: 20 },
      ip,
    );
  });
  afterAll(async () => p.close());

  it('POST /api/growth/referral/new → 201 with an EP-XXXXXX code and a signed share URL; audited', async () => {
    const res = await newCode({ clientId: 'ref-owner', rewardPercent: 15 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.code).toMatch(REFERRAL_CODE_RE);
    expect(res.body).toMatchObject({ clientId: 'ref-owner', rewardPercent: 15 });
    expect(res.body.shareUrl).toMatch(/^https:\/\/echo\.example\/referral\/EP-[A-F0-9]{6}\?sig=[\w-]{43}$/);
    const logged = await p.database.db.select().from(auditLog);
    expect(
      logged.some((r) => r.action === 'referral.create' && r.subject === `referral:${String(res.body.code)}`),
    ).toBe(true);
    // Without rewardPercent the default REFERRAL_REWARD_PERCENT (10) applies.
    expect((await newCode({ clientId: 'ref-owner' })).body.rewardPercent).toBe(10);
  });

  it('bad input: unknown clientId → 400 naming it; rewardPercent out of range → 400 naming the field', async () => {
    const unknown = await newCode({ clientId: 'nobody-here' });
    expect(unknown.status).toBe(400);
    const e = (unknown.body as unknown as ErrorJson).error;
    expect(e.details?.issues?.[0]?.field).toBe('clientId');
    expect(e.message).toContain('nobody-here');
    for (const rewardPercent of [0, 51, 12.5, '10']) {
      const bad = await newCode({ clientId: 'ref-owner', rewardPercent });
      expect(bad.status, String(rewardPercent)).toBe(400);
      expect((bad.body as unknown as ErrorJson).error.details?.issues?.[0]?.field).toBe('rewardPercent');
    }
  });

  it('codes are unique over many: 300 through the repository, all of the format, none twice', async () => {
    const repo = createReferrals(p.database.db);
    const codes = new Set<string>();
    for (let i = 0; i < 300; i++) codes.add((await repo.create('ref-owner', 10)).code);
    expect(codes.size).toBe(300);
    for (const c of codes) expect(c).toMatch(REFERRAL_CODE_RE);
  });

  it('a collision with an existing code is retried with fresh bytes', async () => {
    const bytes = [
      [0xab, 0xcd, 0xef],
      [0xab, 0xcd, 0xef],
      [0x01, 0x02, 0x03],
    ];
    const repo = createReferrals(p.database.db, () => Uint8Array.from(bytes.shift()!));
    expect(await repo.create('ref-owner', 10)).toEqual({ code: 'EP-ABCDEF', attempts: 1 });
    expect(await repo.create('ref-owner', 10)).toEqual({ code: 'EP-010203', attempts: 2 });
  });

  it('the share URL verifies; edited into another code (or another signature) it is refused', async () => {
    const { shareUrl, code } = (await newCode({ clientId: 'ref-owner' })).body as { shareUrl: string; code: string };
    const path = shareUrl.replace('https://echo.example', '');
    const ok = await p.app.request(path);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ code, valid: true, rewardPercent: 10 });

    const other = code === 'EP-ABCDEF' ? 'EP-ABCDEE' : 'EP-ABCDEF'; // exists (previous test)
    const edited = await p.app.request(path.replace(code, other));
    expect(edited.status).toBe(403);
    expect(((await edited.json()) as ErrorJson).error.code).toBe('invalid_referral_link');
    const sig = new URL(shareUrl).searchParams.get('sig')!;
    const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
    expect((await p.app.request(path.replace(sig, flipped))).status).toBe(403);
    expect((await p.app.request(`/referral/${code}`)).status).toBe(400); // no signature at all
  });

  it("the referred client's first invoice carries the discount once; the referrer's next one the credit once", async () => {
    const { code } = (await newCode({ clientId: 'ref-owner', rewardPercent: 20 })).body as { code: string };
    // A client cannot use its own code; an unknown code is refused naming the field.
    const own = await p.app.request('/api/clients/ref-owner', {
      method: 'PATCH',
      headers: admin(ip),
      body: JSON.stringify({ referralCode: code }),
    });
    expect(own.status).toBe(400);
    const created = await createClient(
      p.app,
      { clientId: 'ref-new', name: 'New', email: 'new@ref.example', pricePerTaskUsd: 10, referralCode: code },
      ip,
    );
    expect(created.referralCode).toBe(code);
    await p.database.db
      .insert(jobs)
      .values([task('rt-1', 'ref-new'), task('rt-2', 'ref-new'), task('ro-1', 'ref-owner'), task('ro-2', 'ref-owner')]);

    const first = await createInvoice(p, { clientId: 'ref-new', taskIds: ['rt-1'] });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const inv1 = first.body as unknown as Invoice;
    expect(inv1.amountCents).toBe(800); // $10 − 20 %
    expect(inv1.lineItems.at(-1)).toMatchObject({
      description: `Referral discount 20% (code ${code})`,
      amountCents: -200,
    });

    const second = (await createInvoice(p, { clientId: 'ref-new', taskIds: ['rt-2'] })).body as unknown as Invoice;
    expect(second.amountCents).toBe(1000);
    expect(second.lineItems.some((l) => l.description.startsWith('Referral'))).toBe(false);

    const owner1 = (await createInvoice(p, { clientId: 'ref-owner', taskIds: ['ro-1'] })).body as unknown as Invoice;
    expect(owner1.amountCents).toBe(1800); // $20 − the $2 credit
    expect(owner1.lineItems.at(-1)).toEqual({
      description: 'Referral credit',
      quantity: 1,
      unitCents: -200,
      amountCents: -200,
    });
    const owner2 = (await createInvoice(p, { clientId: 'ref-owner', taskIds: ['ro-2'] })).body as unknown as Invoice;
    expect(owner2.amountCents).toBe(2000);

    const list = await p.app.request('/api/growth/referrals', { headers: admin(ip) });
    expect(list.status).toBe(200);
    const items = ((await list.json()) as { items: Record<string, unknown>[] }).items;
    expect(items.find((i) => i.code === code)).toMatchObject({
      clientId: 'ref-owner',
      uses: 1,
      discountsGiven: 1,
      creditCents: 200,
      creditUsedCents: 200,
      revenueCents: 0, // nothing paid yet
    });
  });

  it('a second, different code for a referred client is refused (409); the same again is a no-op', async () => {
    const a = (await newCode({ clientId: 'ref-owner' })).body.code as string;
    const b = (await newCode({ clientId: 'ref-owner' })).body.code as string;
    await createClient(p.app, { clientId: 'ref-late', name: 'Late', email: 'late@ref.example', referralCode: a }, ip);
    const patch = (referralCode: string) =>
      p.app.request('/api/clients/ref-late', {
        method: 'PATCH',
        headers: admin(ip),
        body: JSON.stringify({ referralCode }),
      });
    expect((await patch(a)).status).toBe(200);
    expect((await patch(b)).status).toBe(409);
    expect((await patch('EP-XYZ')).status).toBe(400);
  });
});
