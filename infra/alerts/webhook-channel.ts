import { formatAlert } from '../../domain/alerts';
import { CHANNEL_TIMEOUT_MS, httpFailure, networkFailure, type AlertChannel } from './channels';

/** Generic webhook with a Slack-compatible body: `{ text }` (Slack, Mattermost, Discord `/slack`, Teams via connectors). */
export function createWebhookChannel(opts: { url: string }): AlertChannel {
  return {
    name: 'webhook',
    async send(alert) {
      let res: Response;
      try {
        res = await fetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: formatAlert(alert), severity: alert.severity, title: alert.title }),
          signal: AbortSignal.timeout(CHANNEL_TIMEOUT_MS),
        });
      } catch (err) {
        throw networkFailure('Alert webhook', err);
      }
      if (!res.ok) throw await httpFailure('Alert webhook', res);
    },
  };
}
