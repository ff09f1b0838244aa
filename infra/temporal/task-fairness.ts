import { createHash } from 'node:crypto';
import type { Priority } from '@temporalio/common';
import { fairnessWeightOf, type FairnessWeights } from '../../domain/task-fairness';

/** Temporal limits fairness keys to 64 bytes; a longer client id is keyed by its hash (still one key per client). */
export function fairnessKeyOf(clientId: string): string {
  return Buffer.byteLength(clientId) <= 64
    ? clientId
    : `h:${createHash('sha256').update(clientId).digest('hex').slice(0, 40)}`;
}

/** Where a client's plan is read from (the clients table; a task's client may have no row yet). */
export interface PlanLookup {
  get(clientId: string): Promise<{ plan: string } | undefined>;
}

export interface TaskFairness {
  clients: PlanLookup;
  weights: FairnessWeights;
}

/**
 * The fairness part of a task's Temporal Priority: the client is the fairness key (each client's tasks
 * form one virtual queue the server serves in turn) and its plan's weight the share. Activities inherit it.
 */
export async function taskFairnessPriority(
  f: TaskFairness | undefined,
  clientId: string | null | undefined,
): Promise<Pick<Priority, 'fairnessKey' | 'fairnessWeight'>> {
  if (!clientId) return {};
  const plan = f ? (await f.clients.get(clientId))?.plan : undefined;
  return { fairnessKey: fairnessKeyOf(clientId), fairnessWeight: fairnessWeightOf(f?.weights ?? {}, plan) };
}
