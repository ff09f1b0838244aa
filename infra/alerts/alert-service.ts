import { ALERT_CHANNELS, alertSchema, type Alert, type AlertResult, type ChannelOutcome } from '../../domain/alerts';
import type { AlertStore } from '../db/repositories/alert-store';
import { OPS_HISTORY_DAYS } from '../db/repositories/ops-reports';
import { scrubSecrets } from '../logger';
import type { AlertChannel } from './channels';

export interface AlertServiceDeps {
  channels: AlertChannel[];
  store: AlertStore;
  dedupeWindowMs: number;
  /** Scrubbed from channel errors before they are stored or returned. */
  secrets: readonly string[];
  now?: () => Date;
}

/**
 * Sends one alert to every configured channel at once. Per channel: claim the (key, channel) dedupe
 * slot (suppressed when sent within the window), send, give the slot back on failure so a retry can
 * send it. Channels are independent: one failing or slow channel never holds back the others.
 */
export function createAlertService(deps: AlertServiceDeps) {
  const now = deps.now ?? (() => new Date());

  async function deliver(alert: Alert, channel: AlertChannel): Promise<ChannelOutcome> {
    const at = now();
    if (!(await deps.store.claim(alert.key, channel.name, at, deps.dedupeWindowMs)))
      return { channel: channel.name, status: 'suppressed' };
    try {
      await channel.send(alert);
      return { channel: channel.name, status: 'sent' };
    } catch (err) {
      await deps.store.release(alert.key, channel.name, at);
      return {
        channel: channel.name,
        status: 'failed',
        error: scrubSecrets((err as Error).message, deps.secrets).slice(0, 300),
      };
    }
  }

  return {
    configured: () => deps.channels.map((c) => c.name),
    async send(input: Alert, workflowId?: string): Promise<AlertResult> {
      const alert = alertSchema.parse(input);
      const wanted = alert.channels ?? ALERT_CHANNELS;
      const outcomes = await Promise.all(
        ALERT_CHANNELS.filter((n) => wanted.includes(n)).map((name): Promise<ChannelOutcome> => {
          const channel = deps.channels.find((c) => c.name === name);
          return channel ? deliver(alert, channel) : Promise.resolve({ channel: name, status: 'skipped' });
        }),
      );
      await deps.store.log({ key: alert.key, severity: alert.severity, title: alert.title, outcomes, workflowId });
      const t = now().getTime();
      await deps.store.prune(new Date(t - deps.dedupeWindowMs), new Date(t - OPS_HISTORY_DAYS * 86_400_000));
      return { key: alert.key, outcomes };
    },
  };
}
export type AlertService = ReturnType<typeof createAlertService>;
