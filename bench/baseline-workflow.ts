import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { LEDGER_ACTIVITY_OPTIONS, llmActivityOptions } from '../workflows/task-activity-options';

type Noop = { noop(i: number): Promise<number> };

export interface BaselineInput {
  /** `pipeline`: processTask's shape; `remote4`: four plain activities (the first benchmark's baseline). */
  shape: 'pipeline' | 'remote4';
  llmTimeoutMs: number;
  heartbeatTimeoutMs: number;
}

/**
 * The baseline: a bare workflow with processTask's activities and options, empty. One QA pass =
 * load (local) → generate → QA → finish (local); no database, no search attributes, no API.
 */
export async function baselineWorkflow(input: BaselineInput): Promise<number> {
  const remote = proxyActivities<Noop>(llmActivityOptions(input));
  if (input.shape === 'remote4') {
    let sum = 0;
    for (let i = 0; i < 4; i++) sum += await remote.noop(i);
    return sum;
  }
  const local = proxyLocalActivities<Noop>(LEDGER_ACTIVITY_OPTIONS);
  return (await local.noop(0)) + (await remote.noop(1)) + (await remote.noop(2)) + (await local.noop(3));
}
