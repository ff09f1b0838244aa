import type { Alert, AlertChannelName } from '../../domain/alerts';

/** One delivery channel. `send` throws on failure; the message never contains a secret. */
export interface AlertChannel {
  name: AlertChannelName;
  send(alert: Required<Pick<Alert, 'severity' | 'title' | 'text'>>): Promise<void>;
}

export const CHANNEL_TIMEOUT_MS = 10_000;

/** Short description of an HTTP failure without the URL (Telegram's carries the bot token). */
export async function httpFailure(service: string, res: Response): Promise<Error> {
  const body = (await res.text().catch(() => '')).slice(0, 200);
  return new Error(`${service} answered HTTP ${res.status}${body ? `: ${body}` : ''}`);
}

/** fetch() errors name the cause (ECONNREFUSED…) but never the URL. */
export function networkFailure(service: string, err: unknown): Error {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const why =
    e.name === 'TimeoutError'
      ? `timed out after ${CHANNEL_TIMEOUT_MS} ms`
      : (e.cause?.code ?? e.cause?.message ?? e.message);
  return new Error(`${service} unreachable: ${why}`);
}
