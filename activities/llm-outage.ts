import type { Alert } from '../domain/alerts';
import type { AlertService } from '../infra/alerts/alert-service';
import type { LlmProviderHealth } from '../infra/db/repositories/llm-provider-health';

export interface LlmOutageDeps {
  health: LlmProviderHealth;
  alerts: Pick<AlertService, 'send'>;
  alertAfterMs: number;
  /** Which provider the state belongs to (one endpoint per deployment). */
  provider?: string;
  /**
   * Takes over an ended outage's alerts that a channel failed to deliver, retrying them until delivered
   * (the `llmOutageNotice` workflow). Without it they are tried once.
   */
  retryLater?: (failingSince: Date, alerts: Alert[]) => Promise<void>;
}

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));
const downKey = (since: Date) => `llm-provider-down:${since.toISOString()}`;

/**
 * Tells the operator about a provider outage once it has lasted LLM_OUTAGE_ALERT_AFTER, and once more
 * when it ends. Alert keys carry the outage's start, so each outage is announced exactly once even
 * when its recovery and the next outage fall within the alert dedupe window.
 */
export function createLlmOutageTracker(deps: LlmOutageDeps) {
  const provider = deps.provider ?? 'llm';
  return {
    async failed(reason: string): Promise<void> {
      const r = await deps.health.failed(provider, reason.slice(0, 300), deps.alertAfterMs);
      if (!r.alert) return;
      const forMs = Date.now() - r.failingSince.getTime();
      const sent = await deps.alerts.send({
        key: downKey(r.failingSince),
        severity: 'critical',
        title: `LLM provider failing for ${minutes(forMs)} min`,
        text: `Calls to the LLM provider have failed since ${r.failingSince.toISOString()} (last: ${reason.slice(0, 300)}). Tasks are waiting and retry until LLM_RETRY_DEADLINE; none has failed because of it yet.`,
      });
      // A channel down too (the mail server): try again on the next failure rather than never telling.
      if (sent.outcomes.some((x) => x.status === 'failed')) await deps.health.releaseAlert(provider, r.failingSince);
    },
    async succeeded(): Promise<void> {
      const r = await deps.health.succeeded(provider, deps.alertAfterMs);
      if (!r?.announce) return;
      const since = r.failingSince.toISOString();
      const forMin = minutes(Date.now() - r.failingSince.getTime());
      const alerts: Alert[] = [];
      // The outage alert fell due while a channel was down and no later failure sent it: send it now,
      // so the recovery below never announces the end of an outage the operator did not hear of.
      if (r.missed)
        alerts.push({
          key: downKey(r.failingSince),
          severity: 'critical',
          title: `LLM provider failing for ${forMin} min (now recovered)`,
          text: `Calls to the LLM provider failed from ${since} for ${forMin} min. This alert could not be delivered while the outage lasted; the provider answers again (see the recovery alert).`,
        });
      alerts.push({
        key: `llm-provider-recovered:${since}`,
        severity: 'info',
        title: 'LLM provider recovered',
        text: `The LLM provider answers again after failing from ${since} for ${forMin} min; waiting tasks go on.`,
      });
      let undelivered = false;
      for (const alert of alerts)
        if ((await deps.alerts.send(alert)).outcomes.some((x) => x.status === 'failed')) undelivered = true;
      // The outage is over, so no later failure would send them again: a workflow retries until delivered
      // (channels that got them already are suppressed by the alert dedupe).
      if (undelivered) await deps.retryLater?.(r.failingSince, alerts);
    },
  };
}
export type LlmOutageTracker = ReturnType<typeof createLlmOutageTracker>;
