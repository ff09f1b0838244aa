import { ApplicationFailure } from '@temporalio/activity';
import { callerWorkflow } from './activity-context';
import type { Alert, AlertResult } from '../domain/alerts';
import type { OpsActivityDeps } from './ops-deps';

export function createAlertActivities(deps: Pick<OpsActivityDeps, 'alerts' | 'metrics'>) {
  return {
    /**
     * The one alert activity: every configured channel (Telegram, email, webhook), deduplicated per
     * channel within ALERT_DEDUPE_MINUTES. When a channel failed, it throws (retryable) after the
     * others were delivered; the retry re-sends only to the failed channel, the rest are suppressed.
     */
    async sendAlert(alert: Alert): Promise<AlertResult> {
      const { workflowId } = callerWorkflow();
      const result = await deps.alerts.send(alert, workflowId);
      for (const o of result.outcomes) deps.metrics.alerts.inc({ channel: o.channel, outcome: o.status });
      const failed = result.outcomes.filter((o) => o.status === 'failed');
      if (failed.length > 0) {
        throw ApplicationFailure.retryable(
          `alert ${alert.key}: ${failed.map((f) => `${f.channel} failed (${'error' in f ? f.error : ''})`).join('; ')}`,
          'alert_channel_failed',
          result,
        );
      }
      return result;
    },
  };
}
