import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecUiToken } from '../../infra/crypto/codec-ui-token';
import { openPayloadEncryption } from '../../infra/crypto/payload-encryption';
import { PROJECT_ROOT } from '../../infra/paths';
import { historyThroughCodec } from '../support/codec-history';
import { historyFromObject } from '../support/history-capture';
import { startPipeline, type PipelineHarness } from '../support/pipeline-harness';
import { collectStrings, decodedHistory } from '../support/secret-scan';
import { testClient } from '../support/temporal';

const EMAIL = 'maria.keller@example.org';
const run = randomUUID().slice(0, 8);
const CLIENT_A = `cli_a_${run}`;
const CLIENT_B = `cli_b_${run}`;
const PROMPT_A = `Summarise the complaint ${EMAIL} sent about her broken heating (${run})`;
const PROMPT_B = `Draft a friendly welcome note for a new tenant (${run})`;

describe('Temporal payload encryption and crypto-shredding', () => {
  let h: PipelineHarness;
  let plain: Awaited<ReturnType<typeof testClient>>;
  const raw = async (taskId: string) => plain.workflow.getHandle(`task-${taskId}`).fetchHistory();

  beforeAll(async () => {
    h = await startPipeline({}, { encrypted: true });
    for (const id of [CLIENT_A, CLIENT_B])
      await h.p.appDeps.payments.clients.insert({ id, email: `${id}@example.com`, rateCentsPerMin: 10 });
    plain = await testClient(); // no codec: what the server stores, as any reader of the cluster sees it
  });
  afterAll(async () => {
    await plain?.connection.close();
    await h?.close();
  });

  it('keeps the email and prompt out of the workflow id, search attributes and memo, and out of the raw history', async () => {
    const { taskId, workflowId } = await h.submit({ title: 'Complaint summary', prompt: PROMPT_A, clientId: CLIENT_A });
    await h.handle(taskId).result();
    const described = await plain.workflow.getHandle(workflowId).describe();
    const visible = JSON.stringify([
      workflowId,
      collectStrings(described.searchAttributes),
      collectStrings(described.raw.workflowExecutionInfo?.memo ?? {}),
      collectStrings(described.raw.workflowExecutionInfo?.searchAttributes ?? {}),
    ]);
    expect(visible).not.toContain(EMAIL);
    expect(visible).not.toContain(PROMPT_A);
    const rawText = decodedHistory(await raw(taskId));
    expect(rawText).toContain('binary/encrypted');
    expect(rawText).not.toContain(EMAIL);
    expect(rawText).not.toContain('broken heating');
    // The same history through the codec holds the prompt and the LLM's answer in clear.
    const decoded = await historyThroughCodec(await raw(taskId), h.p.encryption!.codec);
    expect(decoded).toContain(PROMPT_A);
    expect(decoded).not.toContain('binary/encrypted');
  });

  it("after client A's data key is destroyed, A's history no longer decodes (clear error) while B's still does", async () => {
    const a = await h.submit({ title: 'A', prompt: `${PROMPT_A} again`, clientId: CLIENT_A });
    const b = await h.submit({ title: 'B', prompt: PROMPT_B, clientId: CLIENT_B });
    await Promise.all([h.handle(a.taskId).result(), h.handle(b.taskId).result()]);

    const destroyed = await h.p.activities.destroyClientDataKey(CLIENT_A);
    expect(destroyed.destroyedKeyIds).toHaveLength(1);
    expect((await h.p.activities.destroyClientDataKey(CLIENT_A)).destroyedKeyIds).toEqual([]); // idempotent

    const codec = h.p.encryption!.codec;
    await expect(historyThroughCodec(await raw(a.taskId), codec)).rejects.toThrow(/destroyed .*crypto-shredded/);
    await expect(h.handle(a.taskId).result()).rejects.toThrow(/destroyed/);
    expect(await historyThroughCodec(await raw(b.taskId), codec)).toContain(PROMPT_B);
    expect(await h.handle(b.taskId).result()).toBeDefined();
    // Another process (fresh key ring, empty caches) over the same database sees the same.
    const other = (await openPayloadEncryption(h.p.config, h.p.database))!;
    await expect(historyThroughCodec(await raw(a.taskId), other.codec)).rejects.toThrow(/destroyed/);
    expect(await historyThroughCodec(await raw(b.taskId), other.codec)).toContain(PROMPT_B);
    // A's ledger row keeps its task: only the Temporal copy is shredded here (erasure handles the database).
    expect((await h.getTask(a.taskId)).status).toBe('done');
  });

  it('decodes payloads written before encryption was on (plain histories pass through unchanged)', async () => {
    const fixture = JSON.parse(
      readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'histories', 'process-task-text.json'), 'utf8'),
    ) as { history: unknown };
    const history = historyFromObject(fixture.history);
    const through = await historyThroughCodec(history, h.p.encryption!.codec);
    expect(through).toBe(decodedHistory(history));
    const p = defaultPayloadConverter.toPayload({ prompt: 'old' });
    expect(await h.p.encryption!.codec.decode([p])).toEqual([p]);
  });

  it('serves the codec to the Web UI: dashboard key (header or bearer) or the UI path token; 401 without', async () => {
    const b = await h.submit({ title: 'B2', prompt: `${PROMPT_B} two`, clientId: CLIENT_B });
    await h.handle(b.taskId).result();
    // Activity inputs (the LLM call carries the prompt) and results, as the server stores them.
    const started = (await raw(b.taskId)).events!.flatMap((e) => [
      ...(e.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
      ...(e.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
    ]);
    expect(started.length).toBeGreaterThan(1);
    const body = JSON.stringify({
      payloads: started.map((p) => ({
        metadata: Object.fromEntries(
          Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
        data: Buffer.from(p.data!).toString('base64'),
      })),
    });
    const origin = 'http://127.0.0.1:8233';
    const post = (url: string, headers: Record<string, string>) =>
      h.p.app.request(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'X-Namespace': 'default', Origin: origin, ...headers },
      });
    const text = async (res: Response) => {
      const json = (await res.json()) as { payloads: { data: string }[] };
      return json.payloads.map((p) => Buffer.from(p.data, 'base64').toString('utf8')).join('\n');
    };

    const withKey = await post('/codec/decode', {
      'X-Dash-Key': h.p.config.auth.dashboardKey!,
      'X-Forwarded-For': '10.9.0.1',
    });
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get('access-control-allow-origin')).toBe(origin);
    expect(await text(withKey)).toContain(`${PROMPT_B} two`);
    const bearer = await post('/codec/decode', {
      Authorization: `Bearer ${h.p.config.auth.dashboardKey!}`,
      'X-Forwarded-For': '10.9.0.1',
    });
    expect(await text(bearer)).toContain(`${PROMPT_B} two`);
    const ui = await post(`/codec/ui/${codecUiToken(h.p.config.auth.dashboardKey!)}/decode`, {});
    expect(await text(ui)).toContain(`${PROMPT_B} two`);

    expect((await post('/codec/decode', { 'X-Forwarded-For': '10.9.0.2' })).status).toBe(401);
    expect((await post('/codec/ui/not-the-token/decode', {})).status).toBe(401);
    const preflight = await h.p.app.request('/codec/decode', {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    const bad = await h.p.app.request('/codec/decode', {
      method: 'POST',
      body: JSON.stringify({ payloads: [{ data: 42 }] }),
      headers: {
        'content-type': 'application/json',
        'X-Dash-Key': h.p.config.auth.dashboardKey!,
        'X-Forwarded-For': '10.9.0.1',
      },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('payloads[0].data');
  });
});
