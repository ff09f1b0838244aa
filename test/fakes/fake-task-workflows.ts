// Test-only workflow bundle: every real workflow plus a stand-in `processTask` (the real one belongs
// to the task pipeline). A local export shadows a star re-export, so this keeps working once the real
// processTask exists. The ops routines only start it; tests assert the started runs, not their result.
import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ProcessTaskInput } from '../../domain/task';

export * from '../../workflows';

interface FakeActivities {
  fakeFlakyStep(taskId: string): Promise<void>;
}

const { fakeFlakyStep } = proxyActivities<FakeActivities>({
  startToCloseTimeout: '10 seconds',
  // Retries forever: the attempt count climbs as a stuck activity's would (fast at first, then slower).
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/** `stuck-…` tasks retry an always-failing activity; the others wait for a `fakeRelease` signal. */
export async function processTask(input: ProcessTaskInput): Promise<string> {
  if (input.taskId.startsWith('stuck-')) {
    await fakeFlakyStep(input.taskId);
    return 'unreachable';
  }
  let released = false;
  setHandler(defineSignal('fakeRelease'), () => {
    released = true;
  });
  await condition(() => released);
  return `run ${input.run} of ${input.taskId}`;
}
