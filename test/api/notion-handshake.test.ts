import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

type Answer = { stored?: string; error?: { code: string; message: string; details?: { issues: { field: string }[] } } };

describe('#10 the unsigned Notion webhook handshake', () => {
  let dir: string;
  let open: TestPlatform;
  let configured: TestPlatform;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'echopilot-notion-handshake-'));
    open = await createTestPlatform({ NOTION_TOKEN: 'secret_notion_token_x', DATA_DIR: path.join(dir, 'open') });
    configured = await createTestPlatform(
      {
        NOTION_TOKEN: 'secret_notion_token_x',
        NOTION_WEBHOOK_SECRET: 'secret_configured_token',
        DATA_DIR: path.join(dir, 'configured'),
      },
      open.database,
    );
  });
  afterAll(async () => {
    await configured.close();
    await open.close();
    await rm(dir, { recursive: true, force: true });
  });

  const handshake = async (p: TestPlatform, token: unknown) => {
    const res = await p.app.request('/webhook/notion', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verification_token: token }),
    });
    return { status: res.status, body: (await res.json()) as Answer };
  };
  const tokenFile = (sub: string) => path.join(dir, sub, 'notion-webhook-verification-token');
  const audits = () => open.appDeps.payments.audit.bySubject('notion:webhook');

  it('#10 with NOTION_WEBHOOK_SECRET set, an unsigned verification token is refused (409) and nothing is stored', async () => {
    const res = await handshake(configured, 'secret_attacker_token');
    expect(res.status).toBe(409);
    expect(res.body.error!.code).toBe('notion_webhook_already_configured');
    await expect(stat(tokenFile('configured'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('#10 a 1 MB or non-printable token → 400 naming verification_token, nothing stored', async () => {
    for (const token of ['x'.repeat(1_000_000), 'x'.repeat(257), 'has space', 'line\nbreak', 42]) {
      const res = await handshake(open, token);
      expect(res.status).toBe(400);
      expect(res.body.error!.details!.issues.map((i) => i.field)).toEqual(['verification_token']);
    }
    await expect(stat(tokenFile('open'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('#10 the first token is stored (0600) and audited by fingerprint; the same again is a no-op; a different one never overwrites it', async () => {
    const token = 'secret_tok_from_notion_1';
    expect(await handshake(open, token)).toMatchObject({ status: 200, body: { stored: 'new' } });
    expect(await readFile(tokenFile('open'), 'utf8')).toBe(token);
    expect((await stat(tokenFile('open'))).mode & 0o777).toBe(0o600);
    const entries = await audits();
    expect(entries.map((e) => e.action)).toEqual(['notion.verification_token.stored']);
    expect(JSON.stringify(entries)).not.toContain(token);

    expect(await handshake(open, token)).toMatchObject({ status: 200, body: { stored: 'same' } });
    const other = await handshake(open, 'secret_someone_else_2');
    expect(other.status).toBe(409);
    expect(other.body.error!.code).toBe('verification_token_exists');
    expect(other.body.error!.message).not.toContain(dir);
    expect(await readFile(tokenFile('open'), 'utf8')).toBe(token);
    expect(await audits()).toHaveLength(1);
  });
});
