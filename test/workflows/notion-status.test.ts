import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { healthProbe, HealthProbeResult } from '../../workflows/health-probe';
import { startNotionFake, type NotionFake } from '../fakes/notion-fake';
import { createTestWorker } from '../support/temporal';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

const STATUS_DB = {
  Component: 'title',
  Status: 'select',
  Detail: 'rich_text',
  Build: 'rich_text',
  Schedules: 'rich_text',
  'Last snapshot': 'rich_text',
  'Open alerts': 'number',
  Updated: 'date',
};
const COMPONENTS = [
  'platform',
  'temporal',
  'database',
  'workers',
  'llm',
  'integrations',
  'schedules',
  'replica',
  'alerts',
].sort();

describe('Notion Status database written by the heartbeat (real dev server, Notion fake through @notionhq/client)', () => {
  let notion: NotionFake;
  let platform: TestPlatform | undefined;
  let runs = 0;
  // Its own DATA_DIR: snapshots other suites take under the default one must not show as this platform's.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'notion-status-'));
  beforeAll(async () => {
    notion = await startNotionFake();
  });
  afterEach(async () => {
    await platform?.close();
    platform = undefined;
  });
  afterAll(async () => {
    await notion.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const notionEnv = (statusDbId?: string) => ({
    NOTION_TOKEN: notion.token,
    NOTION_API_BASE_URL: notion.baseUrl,
    NOTION_REQUESTS_PER_SECOND: '50',
    STATUS_DB_ID: statusDbId,
    DATA_DIR: dataDir,
  });
  const probe = async (p: TestPlatform, source: string): Promise<HealthProbeResult> => {
    const { worker, connection } = await createTestWorker(p.taskQueue, p.activities);
    try {
      return await worker.runUntil(
        p.client.workflow.execute<typeof healthProbe>('healthProbe', {
          workflowId: `status-probe-${++runs}-${p.taskQueue}`,
          taskQueue: p.taskQueue,
          args: [{ source }],
        }),
      );
    } finally {
      await connection.close();
    }
  };

  it('two heartbeats keep one row per component, updated in place, including a row a person made first', async () => {
    const db = notion.createDatabase('Status', STATUS_DB);
    const handMade = notion.addRow(db, { Component: 'platform', Status: 'unknown' });
    platform = await createTestPlatform(notionEnv(db));

    const first = await probe(platform, 'heartbeat');
    expect(first.notionStatus).toMatchObject({ written: true });
    const afterFirst = notion.rows(db);
    expect(afterFirst.map((r) => r.Component).sort()).toEqual(COMPONENTS);
    const platformRow = afterFirst.find((r) => r.Component === 'platform')!;
    expect(platformRow.id).toBe(handMade);
    expect(platformRow).toMatchObject({ Status: first.status, Build: 'test-build', 'Open alerts': 0 });
    expect(platformRow.Schedules).toMatch(/^\d+ running, \d+ paused$/);
    expect(platformRow['Last snapshot']).toBe('none yet');
    expect(afterFirst.find((r) => r.Component === 'database')).toMatchObject({ Status: 'ok' });
    expect(afterFirst.find((r) => r.Component === 'replica')).toMatchObject({ Status: 'stale' });
    const firstUpdated = new Map(
      afterFirst.map((r) => [r.Component, (r.Updated as unknown as { start: string }).start]),
    );

    const second = await probe(platform, 'heartbeat');
    expect(second.notionStatus).toMatchObject({ written: true, created: [] });
    expect([...(second.notionStatus as { updated: string[] }).updated].sort()).toEqual(COMPONENTS);
    const afterSecond = notion.rows(db);
    expect(afterSecond).toHaveLength(COMPONENTS.length);
    expect(new Set(afterSecond.map((r) => r.Component)).size).toBe(COMPONENTS.length);
    for (const r of afterSecond) {
      expect(afterFirst.find((f) => f.Component === r.Component)!.id).toBe(r.id);
      expect(Date.parse((r.Updated as unknown as { start: string }).start)).toBeGreaterThanOrEqual(
        Date.parse(firstUpdated.get(r.Component)!),
      );
    }
  });

  it('writes nothing without STATUS_DB_ID, and only heartbeats write', async () => {
    const db = notion.createDatabase('Status unused', STATUS_DB);
    platform = await createTestPlatform(notionEnv(undefined));
    expect((await probe(platform, 'heartbeat')).notionStatus).toEqual({ written: false, reason: 'not_configured' });
    await platform.close();
    platform = await createTestPlatform(notionEnv(db));
    expect((await probe(platform, 'health-probe')).notionStatus).toBeUndefined();
    expect(notion.rows(db)).toEqual([]);
  });

  it('a Status database Notion does not know is reported in the heartbeat result, the health report still stored', async () => {
    platform = await createTestPlatform(notionEnv('00000000-0000-4000-8000-000000000000'));
    const result = await probe(platform, 'heartbeat');
    expect(result.notionStatus).toMatchObject({ written: false, reason: 'failed' });
    expect((result.notionStatus as { error: string }).error).toMatch(/no such database/);
    expect(await platform.appDeps.healthReports.latest()).toMatchObject({ id: result.reportId, source: 'heartbeat' });
  });
});
