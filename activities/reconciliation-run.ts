import type { ReconciliationSummary } from '../domain/contracts/payment-outcomes';
import { callerWorkflow } from './activity-context';
import type { PaymentActivityDeps } from './payment-deps';

/**
 * Ends one provider's reconciliation scan: moves its cursor, records the run, warns when it caught
 * payments the webhooks missed, and answers the summary the workflow acts on.
 */
export async function finishReconciliationRun(
  d: PaymentActivityDeps['payments'],
  run: {
    provider: 'stripe' | 'paypal';
    source: string;
    scanned: number;
    caught: ReconciliationSummary['caught'];
    failed: ReconciliationSummary['failed'];
    cursorFrom: Date;
    cursorTo: Date;
    startedAt: Date;
    missed: string;
  },
): Promise<ReconciliationSummary> {
  const { provider, missed, ...recorded } = run;
  await d.reconciliation.setCursor(provider, run.cursorTo);
  const row = await d.reconciliation.recordRun({ ...recorded, workflowId: callerWorkflow().workflowId });
  if (run.caught.length > 0)
    d.logger.warn({ caught: run.caught }, `reconciliation caught ${missed} the webhooks missed`);
  return {
    runId: row.id,
    scanned: run.scanned,
    caught: run.caught,
    failed: run.failed,
    cursorFrom: run.cursorFrom.toISOString(),
    cursorTo: run.cursorTo.toISOString(),
  };
}
