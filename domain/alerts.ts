import { z } from 'zod';

export const ALERT_CHANNELS = ['telegram', 'email', 'webhook'] as const;
export type AlertChannelName = (typeof ALERT_CHANNELS)[number];
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** One alert, as the alert activity takes it. `key` identifies "the same alert" for dedupe. */
export const alertSchema = z.object({
  key: z.string().min(1).max(200),
  severity: z.enum(ALERT_SEVERITIES),
  title: z.string().min(1).max(200),
  text: z.string().max(20_000),
  /** Restricts delivery to these channels; all configured channels when unset. */
  channels: z.array(z.enum(ALERT_CHANNELS)).optional(),
});
export type Alert = z.infer<typeof alertSchema>;

/** What happened on one channel: sent; suppressed (same key inside the window); failed; not configured. */
export type ChannelOutcome =
  | { channel: AlertChannelName; status: 'sent' | 'suppressed' | 'skipped' }
  | { channel: AlertChannelName; status: 'failed'; error: string };

export interface AlertResult {
  key: string;
  outcomes: ChannelOutcome[];
}

const ICON: Record<AlertSeverity, string> = { info: 'ℹ️', warning: '⚠️', critical: '🚨' };

/** Plain-text rendering shared by every channel (Telegram, email body, Slack `text`). */
export function formatAlert(a: Pick<Alert, 'severity' | 'title' | 'text'>): string {
  return `${ICON[a.severity]} [EchoPilot ${a.severity.toUpperCase()}] ${a.title}\n\n${a.text}`.trim();
}
