import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { utcMonthStart } from '../domain/client-budget';
import { BRAIN_RESPONSE_FORMAT, brainAnswer, type BrainRecommendation } from '../domain/ops-brain';
import type { Config } from '../infra/config/load-config';
import type { AlertStore } from '../infra/db/repositories/alert-store';
import type { AuditDsrStats, AuditDsrStatsReader } from '../infra/db/repositories/audit-dsr-stats';
import type { OpsBrainStore } from '../infra/db/repositories/ops-brain-store';
import type { OpsReportRepository } from '../infra/db/repositories/ops-reports';
import type { LlmCapacityReader } from '../infra/llm/llm-capacity';
import { mapLlmError, requireLlm } from './llm-errors';
import { platformCompletion, type PlatformLlmDeps } from './platform-llm';

export interface OpsBrainActivityDeps extends PlatformLlmDeps {
  config: Config;
  temporal: Client;
  opsBrain: OpsBrainStore;
  brainSources: {
    opsReports: OpsReportRepository;
    alertStore: AlertStore;
    llmCapacity: LlmCapacityReader;
    dsrStats: AuditDsrStatsReader;
  };
  now?: () => Date;
}

const DAY_MS = 86_400_000;
/** The platform's own schedules carry this id prefix (schedules/schedule-definition.ts). */
const OWN_SCHEDULE_PREFIX = 'echopilot-';

const SYSTEM =
  'You are the operations advisor of EchoPilot, a task-automation platform. From the operational picture (JSON) recommend what a human operator should do next, most urgent first. Only recommend; you cannot act. Name the target as schedule:<id>, task:<id>, client:<id> (ids exactly as in the picture) or system. Cite the numbers you rely on. Reply with JSON {"recommendations":[{"action","target","severity":"info|warning|critical","rationale"}]}; an empty list when all is well.';

/** What the brain is shown: stored routine reports, alerts, failures, LLM capacity, budgets, schedules. */
export interface OpsPicture {
  at: string;
  autoOperator: { status: string; summary: string; at: string } | null;
  predictive: { status: string; summary: string; at: string } | null;
  alertsLast24h: { key: string; severity: string; title: string; at: string }[];
  failuresLast24h: { failureType: string; count: number; recentTaskIds: string[] }[];
  llmCapacity: unknown[];
  budgets: { clientId: string; budgetMicroUsd: number; spentMicroUsd: number; usedPct: number | null }[];
  schedules: { id: string; paused: boolean; note: string | null }[];
  /** Data subject requests of the last 30 days and the open ones against their legal deadline (counts only). */
  dataSubjectRequests: AuditDsrStats;
}

/** AI ops brain: gather the picture, ask QA_MODEL, store what it advises (database and a JSON file). */
export function createOpsBrainActivities(deps: OpsBrainActivityDeps) {
  const now = () => deps.now?.() ?? new Date();
  return {
    async gatherOpsPicture(): Promise<OpsPicture> {
      const at = now();
      const src = deps.brainSources;
      const report = async (kind: string) => {
        const r = await src.opsReports.latest(kind);
        return r ? { status: r.status, summary: r.summary, at: r.createdAt.toISOString() } : null;
      };
      const schedules: { id: string; paused: boolean; note: string | null }[] = [];
      for await (const s of deps.temporal.schedule.list())
        if (s.scheduleId.startsWith(OWN_SCHEDULE_PREFIX))
          schedules.push({
            id: s.scheduleId.slice(OWN_SCHEDULE_PREFIX.length),
            paused: s.state.paused,
            note: s.state.note ?? null,
          });
      const since = new Date(at.getTime() - DAY_MS);
      const alerts = (await src.alertStore.recent(50)).filter((a) => a.createdAt >= since);
      const capacity = (await src.llmCapacity.read()).map((c) => ({
        model: c.model,
        effective: c.effective,
        current: c.current,
        callsWaiting: c.callsWaiting,
        lastHour: c.lastHour,
      }));
      return {
        at: at.toISOString(),
        autoOperator: await report('auto-operator'),
        predictive: await report('predictive-alerts'),
        alertsLast24h: alerts
          .slice(0, 20)
          .map((a) => ({ key: a.key, severity: a.severity, title: a.title, at: a.createdAt.toISOString() })),
        failuresLast24h: await deps.opsBrain.failureClasses(since),
        llmCapacity: capacity,
        budgets: await deps.opsBrain.budgets(utcMonthStart(at)),
        schedules: schedules.sort((a, b) => (a.id < b.id ? -1 : 1)),
        dataSubjectRequests: await src.dsrStats(new Date(at.getTime() - 30 * DAY_MS), at, at),
      };
    },

    /** QA_MODEL's structured advice; output that does not fit the schema fails the run (never an empty success). */
    async askOpsBrain(picture: OpsPicture): Promise<BrainRecommendation[]> {
      const complete = requireLlm(platformCompletion(deps, 'ops-brain'));
      const res = await complete({
        model: deps.config.llm.qaModel,
        temperature: 0,
        response_format: BRAIN_RESPONSE_FORMAT,
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: JSON.stringify(picture) },
        ],
      }).catch((err: unknown) => {
        throw mapLlmError(err, 'ops brain');
      });
      const content = res.choices[0]?.message.content ?? '';
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch {
        throw ApplicationFailure.nonRetryable('ops brain output unparsable: not JSON', 'brain_output_invalid');
      }
      const parsed = brainAnswer.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.join('.') || 'answer';
        throw ApplicationFailure.nonRetryable(
          `ops brain output unparsable: ${where}: ${issue?.message}`,
          'brain_output_invalid',
        );
      }
      return parsed.data.recommendations;
    },

    /** Rows in the database and `DATA_DIR/ops-brain/ops_brain_<timestamp>.json` (the original's logs/ops_brain_*.json). */
    async storeOpsBrain(input: { runId: string; picture: OpsPicture; recommendations: BrainRecommendation[] }) {
      const rows = await deps.opsBrain.insertRun(input.runId, input.recommendations);
      const stamp = input.picture.at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      const dir = path.join(deps.config.dataDir, 'ops-brain');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `ops_brain_${stamp}.json`);
      const body = { runId: input.runId, at: input.picture.at, picture: input.picture, recommendations: rows };
      await writeFile(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
      return { ids: rows.map((r) => r.id), file: path.relative(deps.config.dataDir, file) };
    },
  };
}
