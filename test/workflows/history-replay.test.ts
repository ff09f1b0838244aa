import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { PROJECT_ROOT } from '../../infra/paths';
import { alteredWorkflowBundle } from '../support/altered-bundle';
import { HISTORY_FIXTURES, historyFromObject } from '../support/history-capture';

/**
 * Histories captured from real runs (`npm run histories:refresh`) replayed against the workflow bundle built
 * from the current code: a change that would break a run in flight at deploy time fails here, not in production.
 */
const fixture = (name: string) => {
  const { workflowId, history } = JSON.parse(
    readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'histories', `${name}.json`), 'utf8'),
  ) as { workflowId: string; history: unknown };
  return { workflowId, history: historyFromObject(history) };
};

describe('workflow histories replay on the current code', () => {
  it('every captured history (processTask text, media, regenerated, failed, cancelled; payments; each routine) replays', async () => {
    const results: { name: string; error?: unknown }[] = [];
    const histories = HISTORY_FIXTURES.map(fixture);
    for await (const r of Worker.runReplayHistories(
      { workflowBundle: { code: inject('workflowBundleCode') } },
      histories,
    )) {
      results.push({
        name: HISTORY_FIXTURES[histories.findIndex((h) => h.workflowId === r.workflowId)]!,
        error: r.error,
      });
    }
    expect(results.map((r) => r.name).sort()).toEqual([...HISTORY_FIXTURES].sort());
    expect(results.filter((r) => r.error).map((r) => `${r.name}: ${String(r.error)}`)).toEqual([]);
  });

  describe('a deliberately non-deterministic change is caught', () => {
    let reordered: string;
    beforeAll(async () => {
      // processTask asks for its ledger row first; this version would first publish to Notion.
      reordered = await alteredWorkflowBundle(
        'workflows/process-task.ts',
        'const loaded = await ledger.loadTask(input);',
        "await notion.publishToNotion({ ...input, notionPageId: null, title: '', outcome: { status: 'cancelled', attempts: 0 }, totals: { costMicroUsd: 0, tokens: 0 }, startedMs: 0 } as never);\n    const loaded = await ledger.loadTask(input);",
      );
    });

    it('replaying a captured processTask history on the altered code throws DeterminismViolationError', async () => {
      const { history, workflowId } = fixture('process-task-text');
      await expect(
        Worker.runReplayHistory({ workflowBundle: { code: reordered } }, history, workflowId),
      ).rejects.toBeInstanceOf(DeterminismViolationError);
    });

    it('the same history still replays on the unaltered code', async () => {
      const { history, workflowId } = fixture('process-task-text');
      await expect(
        Worker.runReplayHistory({ workflowBundle: { code: inject('workflowBundleCode') } }, history, workflowId),
      ).resolves.toBeUndefined();
    });
  });
});
