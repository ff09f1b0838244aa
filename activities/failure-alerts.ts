import type { AlertSeverity } from '../domain/alerts';
import type { AlertService } from '../infra/alerts/alert-service';

/** What the activities that record a failed state need to announce it (absent in narrow unit wiring). */
export interface FailureAlertDeps {
  alerts?: AlertService;
  /** The run's page in the Temporal Web UI. */
  runLink?: (workflowId: string) => string;
}

/**
 * One alert for one failed thing (a task, a probe, a payment, a refund), sent by the activity that recorded
 * it, so no workflow's command sequence changes. Keyed by subject: the alert service sends a subject at
 * most once per channel within ALERT_DEDUPE_MINUTES. Best effort: a channel or store problem never fails
 * the activity that recorded the state (the alert log shows what was delivered).
 */
export async function alertFailure(
  deps: FailureAlertDeps,
  a: { subject: string; severity: AlertSeverity; title: string; text: string; workflowId?: string | null },
): Promise<void> {
  if (!deps.alerts) return;
  const link = a.workflowId && deps.runLink ? `\nRun: ${deps.runLink(a.workflowId)}` : '';
  try {
    await deps.alerts.send(
      { key: `failure:${a.subject}`, severity: a.severity, title: a.title.slice(0, 200), text: `${a.text}${link}` },
      a.workflowId ?? undefined,
    );
  } catch {
    // Deliberately swallowed: see above.
  }
}
