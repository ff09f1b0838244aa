import { randomUUID } from 'node:crypto';
import { taskWorkflowId } from '../../domain/task';
import type { Db } from '../../infra/db/open-database';
import { jobAttempts, jobs } from '../../infra/db/schema';

type TaskRow = typeof jobs.$inferInsert;

export const minutesAgo = (m: number, now = new Date()) => new Date(now.getTime() - m * 60_000);
export const hoursAgo = (h: number, now = new Date()) => minutesAgo(h * 60, now);

/** Writes one ledger row as the task pipeline would; every field overridable. */
export async function insertTaskRow(db: Db, row: Partial<TaskRow> = {}): Promise<TaskRow & { taskId: string }> {
  const taskId = row.taskId ?? `t-${randomUUID().slice(0, 12)}`;
  const full = {
    taskId,
    workflowId: taskWorkflowId(taskId),
    source: 'api',
    title: `task ${taskId}`,
    prompt: 'write something',
    ...row,
  } satisfies TaskRow;
  await db.insert(jobs).values(full);
  return full;
}

/** A finished task: started `latencyMs` before `completedAt`. */
export async function insertFinished(
  db: Db,
  opts: {
    status: 'done' | 'low_qa' | 'failed';
    completedAt: Date;
    latencyMs?: number;
    qaScore?: number;
    failureType?: string;
  } & Partial<TaskRow>,
) {
  const { latencyMs = 10_000, completedAt, ...rest } = opts;
  return insertTaskRow(db, {
    startedAt: new Date(completedAt.getTime() - latencyMs),
    createdAt: new Date(completedAt.getTime() - latencyMs - 1000),
    updatedAt: completedAt,
    completedAt,
    ...rest,
  });
}

export async function insertCost(
  db: Db,
  taskId: string,
  at: Date,
  costMicroUsd: number,
  model = 'gpt-4o',
  step = 'generate',
) {
  await db.insert(jobAttempts).values({
    taskId,
    run: 0,
    attempt: Math.floor(Math.random() * 1e6),
    step,
    model,
    costMicroUsd,
    createdAt: at,
    inputTokens: 100,
    outputTokens: 200,
  });
}
export const daysAgo = (d: number, now = new Date()) => hoursAgo(d * 24, now);
