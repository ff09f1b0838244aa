import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { Alert } from '../../domain/alerts';

/**
 * Hands the alerts of an ended LLM outage that a channel failed to deliver to the `llmOutageNotice`
 * workflow, which retries them until delivered. One run per outage: `llm-outage-notice-<since>`.
 */
export function llmOutageNoticeStarter(client: Client, taskQueue: string) {
  return async (failingSince: Date, alerts: Alert[]): Promise<void> => {
    try {
      await client.workflow.start('llmOutageNotice', {
        workflowId: `llm-outage-notice-${failingSince.toISOString()}`,
        taskQueue,
        args: [alerts],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  };
}
