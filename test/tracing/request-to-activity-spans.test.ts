import { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { startTracing, type Tracing } from '../../infra/tracing/tracing';
import { createWorker } from '../../worker/create-worker';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake';
import { startOtlpReceiver, type ReceivedSpan } from '../fakes/otlp-receiver';
import { temporalAddress } from '../support/temporal';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

describe('tracing: from the HTTP request to each activity (OTLP)', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let llm: OpenAiFake;
  let p: TestPlatform;
  let tracing: Tracing;
  let client: Client;
  let connection: NativeConnection;
  let worker: Worker;
  let workerDone: Promise<void>;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    llm = await startOpenAiFake();
    p = await createTestPlatform({
      AI_INTEGRATIONS_OPENAI_BASE_URL: llm.baseUrl,
      AI_INTEGRATIONS_OPENAI_API_KEY: 'sk-test-fake-key-123456',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    });
    tracing = startTracing(p.config.tracing, 'test')!;
    client = new Client({
      connection: p.client.connection,
      namespace: 'default',
      interceptors: tracing.clientInterceptors,
    });
    connection = await NativeConnection.connect({ address: temporalAddress() });
    // Bundled from source with the plugin's workflow interceptors, as a development worker is.
    worker = await createWorker({
      connection,
      namespace: 'default',
      taskQueue: p.taskQueue,
      activities: p.activities,
      buildId: 'test-build',
      mode: 'test',
      tracing,
    });
    workerDone = worker.run();
  });
  afterAll(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await workerDone;
    await connection?.close();
    await tracing?.shutdown();
    await p?.close();
    await llm?.close();
    await receiver?.close();
  });

  it('exports spans of one trace in which the HTTP request span is an ancestor of every activity span', async () => {
    const app = createApp({ ...p.appDeps, temporal: client, tracer: tracing.tracer });
    const res = await app.request('/api/tasks', {
      method: 'POST',
      headers: adminHeaders('10.7.0.1'),
      body: JSON.stringify({ title: 'Traced', prompt: 'Say hello' }),
    });
    expect(res.status).toBe(202);
    const { taskId } = (await res.json()) as { taskId: string };
    await client.workflow.getHandle(`task-${taskId}`).result();

    const byId = new Map<string, ReceivedSpan>();
    const http = () => receiver.spans.find((s) => s.name === 'POST /api/tasks');
    const activities = () => receiver.spans.filter((s) => s.name.startsWith('RunActivity:'));
    await waitFor('the HTTP and finishTask spans at the receiver', async () => {
      await tracing.flush();
      return !!http() && activities().some((s) => s.name === 'RunActivity:finishTask');
    });
    for (const s of receiver.spans) byId.set(s.spanId, s);

    const root = http()!;
    expect(root.service).toBe('echopilot');
    const names = activities().map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['RunActivity:generateAnswer', 'RunActivity:evaluateAnswer', 'RunActivity:finishTask']),
    );
    for (const span of activities()) {
      expect(span.traceId, span.name).toBe(root.traceId);
      const chain: string[] = [];
      let at: ReceivedSpan | undefined = span;
      while (at && at.spanId !== root.spanId) {
        chain.push(at.name);
        at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined;
      }
      expect(at?.spanId, `${span.name} ← ${chain.join(' ← ')} does not reach the HTTP span`).toBe(root.spanId);
      expect(chain).toEqual(expect.arrayContaining(['StartWorkflow:processTask']));
    }
  });
});
