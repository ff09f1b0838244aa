import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeeklyMaintenanceResult } from '../../domain/contracts/weekly-maintenance';
import { alertLog, opsReports } from '../../infra/db/schema';
import { startNotionFake, type NotionFake } from '../fakes/notion-fake';
import { adminHeaders } from '../support/test-config';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { runWorkerFor } from '../support/platform-worker';

const ADMIN = adminHeaders('10.15.0.7');
const DAY = 86_400_000;

/** A platform on its own data folder with a worker running until close. */
async function platformWith(env: Record<string, string | undefined>) {
  const p = await createTestPlatform(env);
  return runWorkerFor(p);
}

const aged = (file: string, ageMs: number) => {
  const t = new Date(Date.now() - ageMs);
  utimesSync(file, t, t);
};

const run = (p: TestPlatform, body: unknown = { waitSeconds: 60 }) =>
  p.app.request('/api/maintenance/run', {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe(
  'weekly maintenance (real dev server and worker, Notion fake through @notionhq/client)',
  { timeout: 300_000 },
  () => {
    const work = mkdtempSync(path.join(tmpdir(), 'echopilot-maintenance-'));
    let notion: NotionFake;
    beforeAll(async () => {
      notion = await startNotionFake();
    });
    afterAll(async () => {
      await notion.close();
      rmSync(work, { recursive: true, force: true });
    });

    it('backs the configuration up to a Notion child page without secrets and prunes what is past retention', async () => {
      const dataDir = path.join(work, 'data-1');
      const parent = notion.addPage('EchoPilot configuration backups');
      const w = await platformWith({
        DATA_DIR: dataDir,
        NOTION_TOKEN: notion.token,
        NOTION_API_BASE_URL: notion.baseUrl,
        NOTION_REQUESTS_PER_SECOND: '50',
        NOTION_CONFIG_BACKUP_PAGE_ID: parent,
        MEDIA_CACHE_MAX_AGE_HOURS: '1',
      });
      try {
        const exportsDir = path.join(dataDir, 'exports');
        for (const [name, age] of [
          ['exp_old', 10 * DAY],
          ['exp_new', DAY],
        ] as const) {
          mkdirSync(path.join(exportsDir, name), { recursive: true });
          writeFileSync(path.join(exportsDir, name, 'export.zip'), 'zip');
          aged(path.join(exportsDir, name), age);
        }
        const cache = w.p.config.media.cacheDir;
        mkdirSync(cache, { recursive: true });
        writeFileSync(path.join(cache, 't-old-1.wav'), 'old');
        aged(path.join(cache, 't-old-1.wav'), 3 * 3_600_000);
        writeFileSync(path.join(cache, 't-new-1.wav'), 'new');
        const old = new Date(Date.now() - 40 * DAY);
        await w.p.database.db.insert(opsReports).values([
          { kind: 'auto-operator', status: 'ok', summary: 'old', body: {}, createdAt: old },
          { kind: 'retired-routine', status: 'ok', summary: 'old', body: {}, createdAt: old },
          { kind: 'auto-operator', status: 'ok', summary: 'recent', body: {} },
        ]);
        await w.p.database.db
          .insert(alertLog)
          .values({ key: 'old-alert', severity: 'warning', title: 'old', outcomes: [], createdAt: old });

        const res = await run(w.p);
        expect(res.status).toBe(200);
        const body = (await res.json()) as WeeklyMaintenanceResult;
        expect(body.configBackup).toMatchObject({ written: true, blocks: expect.any(Number) });
        expect(body.pruned).toEqual({
          exports: 1,
          mediaCache: 1,
          routineReports: 2,
          alertLog: 1,
          exportRetentionDays: 7,
          historyRetentionDays: 30,
        });

        const pages = notion.childPages(parent);
        expect(pages).toHaveLength(1);
        expect(pages[0]!.title).toMatch(/^EchoPilot configuration \d{4}-\d{2}-\d{2} \(weekly-maintenance-api\)$/);
        const text = notion
          .blocks(pages[0]!.id)
          .map((b) => b.text)
          .join('\n');
        const backup = JSON.parse(text) as {
          config: { notion: { configBackupPageId: string; token: string }; llm: unknown };
          schedules: unknown;
        };
        expect(backup.config.notion.configBackupPageId).toBe(parent);
        expect(backup.config.notion.token).toBe('[redacted]');
        expect(backup.config.llm).toBeDefined();
        expect(Array.isArray(backup.schedules)).toBe(true);
        expect(text).not.toContain(notion.token);

        expect(existsSync(path.join(exportsDir, 'exp_old'))).toBe(false);
        expect(existsSync(path.join(exportsDir, 'exp_new'))).toBe(true);
        expect(existsSync(path.join(cache, 't-old-1.wav'))).toBe(false);
        expect(existsSync(path.join(cache, 't-new-1.wav'))).toBe(true);
        const left = await w.p.database.db.select().from(opsReports);
        expect(left.map((r) => r.summary).sort()).toEqual(
          ['recent', expect.stringContaining('pruned 1 exports')].sort(),
        );
        const report = await w.p.appDeps.ops.opsReports.latest('weekly-maintenance');
        expect(report).toMatchObject({ id: body.reportId, status: 'ok' });
        expect(report!.summary).toBe(
          `configuration backed up to Notion (${(body.configBackup as { blocks: number }).blocks} blocks); pruned 1 exports, 1 media cache entries, 2 routine reports, 1 alert log rows`,
        );

        // Run again: the same run id's page is rewritten, not duplicated, and nothing is left to prune.
        const again = (await (await run(w.p)).json()) as WeeklyMaintenanceResult;
        expect(again.pruned).toMatchObject({ exports: 0, mediaCache: 0, routineReports: 0, alertLog: 0 });
        expect(notion.childPages(parent)).toHaveLength(1);
        expect(
          JSON.parse(
            notion
              .blocks(pages[0]!.id)
              .map((b) => b.text)
              .join('\n'),
          ),
        ).toEqual(backup);
      } finally {
        await w.close();
      }
    });

    it('a Notion backup that fails is reported as a warning and the prune still runs; bad input is a 400', async () => {
      const w = await platformWith({
        DATA_DIR: path.join(work, 'data-2'),
        NOTION_TOKEN: notion.token,
        NOTION_API_BASE_URL: notion.baseUrl,
        NOTION_REQUESTS_PER_SECOND: '50',
        NOTION_CONFIG_BACKUP_PAGE_ID: '00000000-0000-4000-8000-000000000000',
      });
      try {
        const bad = await run(w.p, { waitSeconds: 'soon' });
        expect(bad.status).toBe(400);
        expect(JSON.stringify(await bad.json())).toContain('waitSeconds');

        const res = await run(w.p);
        expect(res.status).toBe(200);
        const body = (await res.json()) as WeeklyMaintenanceResult;
        expect(body.configBackup).toMatchObject({ written: false, reason: 'failed' });
        expect((body.configBackup as { error: string }).error).toMatch(/no such block/);
        expect(body.pruned).toMatchObject({ exports: 0, mediaCache: 0 });
        const report = await w.p.appDeps.ops.opsReports.latest('weekly-maintenance');
        expect(report).toMatchObject({ id: body.reportId, status: 'warning' });
        expect(report!.summary).toMatch(/^configuration backup FAILED: /);
      } finally {
        await w.close();
      }
    });

    it('without NOTION_CONFIG_BACKUP_PAGE_ID the backup is skipped and said so', async () => {
      const w = await platformWith({ DATA_DIR: path.join(work, 'data-3') });
      try {
        const body = (await (await run(w.p)).json()) as WeeklyMaintenanceResult;
        expect(body.configBackup).toEqual({ written: false, reason: 'not_configured' });
        expect((await w.p.appDeps.ops.opsReports.latest('weekly-maintenance'))!.summary).toMatch(
          /^configuration backup skipped/,
        );
      } finally {
        await w.close();
      }
    });
  },
);
