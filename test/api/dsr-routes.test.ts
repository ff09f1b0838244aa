import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { createMailer } from '../../infra/clients/mailer';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

type ErrorJson = { error: { code: string; message: string; details?: { issues?: { field: string }[] } } };
const json = (body: unknown, ip: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'X-Forwarded-For': ip },
  body: JSON.stringify(body),
});

/** The DSR routes' answers to bad input and to actions a ticket's state does not allow (no worker runs here). */
describe('DSR routes: bad input, 405, 409, rate limit (real app, no worker)', () => {
  let p: TestPlatform;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'dsr-routes-'));
    p = await createTestPlatform({
      SESSION_SECRET: 'dsr-routes-session-secret-0123',
      DATA_DIR: dataDir,
      // Never reached (no worker runs here); POST /dsr needs a mail server configured.
      SMTP_URL: 'smtp://127.0.0.1:9',
    });
  });
  afterAll(async () => {
    await p.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers GET /dsr with 405, Allow: POST and a body naming POST', async () => {
    const res = await p.app.request('/dsr');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(((await res.json()) as ErrorJson).error.message).toBe('Use POST for /dsr');
  });

  it('answers 503 when no confirmation mail could go out (SMTP_URL unset), opening nothing', async () => {
    const mailer = createMailer({ from: 'dsr@example.com', logger: p.appDeps.logger });
    const app = createApp({ ...p.appDeps, payments: { ...p.appDeps.payments, mailer } });
    const res = await app.request('/dsr', json({ email: 'nomail@example.com', type: 'access' }, '10.31.0.11'));
    expect(res.status).toBe(503);
    expect(((await res.json()) as ErrorJson).error.message).toContain('SMTP_URL');
    expect(await p.appDeps.dsr.tickets.byEmail('nomail@example.com')).toEqual([]);
  });

  it('refuses an unknown type with a 400 naming the type it got', async () => {
    const res = await p.app.request('/dsr', json({ email: 'a@example.com', type: 'deletion' }, '10.31.0.1'));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.details?.issues?.map((i) => i.field)).toEqual(['type']);
    expect(body.error.message).toContain('unknown type "deletion"');
  });

  it('refuses a malformed email with a 400 naming email, and unknown fields', async () => {
    for (const email of ['not-an-address', 'a@', '']) {
      const res = await p.app.request('/dsr', json({ email, type: 'access' }, '10.31.0.2'));
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorJson).error.details?.issues?.map((i) => i.field)).toEqual(['email']);
    }
    const extra = await p.app.request('/dsr', json({ email: 'a@example.com', type: 'access', x: 1 }, '10.31.0.2'));
    expect(extra.status).toBe(400);
  });

  it('opens a ticket (202, opaque id, email kept out of the id) and limits each IP to 5 an hour', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await p.app.request('/dsr', json({ email: `Person${i}@Example.com`, type: 'export' }, '10.31.0.3'));
      expect(res.status).toBe(202);
      const body = (await res.json()) as { ticketId: string; status: string };
      expect(body.status).toBe('awaiting_confirmation');
      expect(body.ticketId).toMatch(/^dsr_[a-z0-9]{20}$/);
      ids.push(body.ticketId);
    }
    expect(new Set(ids).size).toBe(5);
    const sixth = await p.app.request('/dsr', json({ email: 'x@example.com', type: 'export' }, '10.31.0.3'));
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await p.app.request('/dsr', json({ email: 'x@example.com', type: 'export' }, '10.31.0.4'));
    expect(other.status).toBe(202);
    const row = await p.appDeps.dsr.tickets.get(ids[0]!);
    expect(row).toMatchObject({ email: 'person0@example.com', workflowId: `dsr-${ids[0]}` });
  });

  it('answers 409 to approve, reject and extend on an unconfirmed ticket, 404 on an unknown one', async () => {
    const res = await p.app.request('/dsr', json({ email: 'wait@example.com', type: 'access' }, '10.31.0.5'));
    const { ticketId } = (await res.json()) as { ticketId: string };
    const ip = '10.31.0.6';
    const actions: [string, unknown][] = [
      ['approve', {}],
      ['reject', { reason: 'no such account' }],
      ['extend', { extendBy: '14d', reason: 'complex request' }],
    ];
    for (const [action, body] of actions) {
      const r = await p.app.request(`/api/dsr/${ticketId}/${action}`, {
        method: 'POST',
        headers: adminHeaders(ip),
        body: JSON.stringify(body),
      });
      expect(r.status, action).toBe(409);
      expect(((await r.json()) as ErrorJson).error.message).toContain('not confirmed');
      const unknown = await p.app.request(`/api/dsr/dsr_${'0'.repeat(20)}/${action}`, {
        method: 'POST',
        headers: adminHeaders(ip),
        body: JSON.stringify(body),
      });
      expect(unknown.status, action).toBe(404);
    }
  });

  it('names the field of a bad operator body or query', async () => {
    const ip = '10.31.0.7';
    const post = (url: string, body: unknown) =>
      p.app.request(url, { method: 'POST', headers: adminHeaders(ip), body: JSON.stringify(body) });
    const id = `dsr_${'1'.repeat(20)}`;
    const cases: [Response, string][] = [
      [await post(`/api/dsr/${id}/extend`, { extendBy: 'two weeks', reason: 'complex' }), 'extendBy'],
      [await post(`/api/dsr/${id}/extend`, { extendBy: '14d' }), 'reason'],
      [await post(`/api/dsr/${id}/reject`, {}), 'reason'],
      [await post(`/api/dsr/${id}/approve`, { changes: { email: 'nope' } }), 'changes.email'],
      [await p.app.request('/api/dsr?status=lost', { headers: adminHeaders(ip) }), 'status'],
      [await p.app.request('/api/dsr?type=deletion', { headers: adminHeaders(ip) }), 'type'],
      [await p.app.request('/api/dsr?cursor=forged', { headers: adminHeaders(ip) }), 'cursor'],
      [await p.app.request('/api/dsr/not-a-ticket', { headers: adminHeaders(ip) }), 'ticketId'],
    ];
    for (const [res, field] of cases) {
      expect(res.status, field).toBe(400);
      expect(((await res.json()) as ErrorJson).error.details?.issues?.map((i) => i.field)).toEqual([field]);
    }
  });

  it('lists tickets by type and status with a keyset cursor', async () => {
    const ip = '10.31.0.8';
    const opened: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await p.app.request('/dsr', json({ email: `list${i}@example.com`, type: 'rectification' }, ip));
      opened.push(((await res.json()) as { ticketId: string }).ticketId);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/dsr?type=rectification&status=awaiting_confirmation&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await p.app.request(q, { headers: adminHeaders(ip) });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { ticketId: string; type: string }[]; nextCursor: string | null };
      expect(body.items.every((t) => t.type === 'rectification')).toBe(true);
      seen.push(...body.items.map((t) => t.ticketId));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...opened].reverse());
    const one = await p.app.request(`/api/dsr/${opened[0]}`, { headers: adminHeaders(ip) });
    expect(await one.json()).toMatchObject({
      ticketId: opened[0],
      email: 'list0@example.com',
      status: 'awaiting_confirmation',
    });
  });

  it('refuses export-data without exactly one of clientId or email, and an unknown client', async () => {
    const ip = '10.31.0.9';
    for (const q of ['', '?clientId=cli_x&email=a@example.com']) {
      const res = await p.app.request(`/api/compliance/export-data${q}`, { headers: adminHeaders(ip) });
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as ErrorJson).error.message).toContain('exactly one of clientId or email');
    }
    const bad = await p.app.request('/api/compliance/export-data?email=nope', { headers: adminHeaders(ip) });
    expect(bad.status).toBe(400);
    const unknown = await p.app.request('/api/compliance/export-data?clientId=cli_missing', {
      headers: adminHeaders(ip),
    });
    expect(unknown.status).toBe(404);
  });

  it('refuses a confirmation or download link that is altered, and answers the page with a button on GET', async () => {
    const res = await p.app.request('/dsr', json({ email: 'link@example.com', type: 'access' }, '10.31.0.10'));
    const { ticketId } = (await res.json()) as { ticketId: string };
    const t = (await p.appDeps.dsr.tickets.get(ticketId))!;
    const url = new URL(p.appDeps.dsr.links.confirmUrl(ticketId, t.confirmBy));
    const page = await p.app.request(url.pathname + url.search);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect((await p.appDeps.dsr.tickets.get(ticketId))!.status).toBe('awaiting_confirmation');
    const forged = new URL(url);
    forged.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 3600));
    expect((await p.app.request(forged.pathname + forged.search, { method: 'POST' })).status).toBe(403);
    const other = `/dsr/dsr_${'2'.repeat(20)}/confirm${url.search}`;
    expect((await p.app.request(other, { method: 'POST' })).status).toBe(403);
    expect((await p.app.request(`/dsr/exports/exp_${'3'.repeat(20)}${url.search}`)).status).toBe(403);
  });
});
