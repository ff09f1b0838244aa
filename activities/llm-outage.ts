import type { AlertService } from '../infra/alerts/alert-service';
import type { LlmProviderHealth } from '../infra/db/repositories/llm-provider-health';

export interface LlmOutageDeps {
  health: LlmProviderHealth;
  alerts: Pick<AlertService, 'send'>;
  alertAfterMs: number;
  /** Which provider the state belongs to (one endpoint per deployment). */
  provider?: string;
}

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));

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
        key: `llm-provider-down:${r.failingSince.toISOString()}`,
        severity: 'critical',
        title: `LLM provider failing for ${minutes(forMs)} min`,
        text: `Calls to the LLM provider have failed since ${r.failingSince.toISOString()} (last: ${reason.slice(0, 300)}). Tasks are waiting and retry until LLM_RETRY_DEADLINE; none has failed because of it yet.`,
      });
      // A channel down too (the mail server): try again on the next failure rather than never telling.
      if (sent.outcomes.some((x) => x.status === 'failed')) await deps.health.releaseAlert(provider, r.failingSince);
    },
    async succeeded(): Promise<void> {
      const r = await deps.health.succeeded(provider);
      if (!r?.announce) return;
      await deps.alerts.send({
        key: `llm-provider-recovered:${r.failingSince.toISOString()}`,
        severity: 'info',
        title: 'LLM provider recovered',
        text: `The LLM provider answers again after failing from ${r.failingSince.toISOString()} for ${minutes(Date.now() - r.failingSince.getTime())} min; waiting tasks go on.`,
      });
    },
  };
}
export type LlmOutageTracker = ReturnType<typeof createLlmOutageTracker>;
