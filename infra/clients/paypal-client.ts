import type { Config } from '../config/load-config';

/** The transmission headers PayPal sends with every webhook, needed to verify it. */
export interface PaypalTransmission {
  authAlgo: string;
  certUrl: string;
  transmissionId: string;
  transmissionSig: string;
  transmissionTime: string;
}

export class PaypalUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaypalUnavailableError';
  }
}

export interface PaypalClient {
  /** Asks PayPal's verify-webhook-signature API; true only for `verification_status: SUCCESS`. */
  verifyWebhook(t: PaypalTransmission, event: unknown): Promise<boolean>;
}

/** PayPal REST over fetch: OAuth client-credentials token, then verify-webhook-signature. */
export function createPaypalClient(cfg: Config['paypal'], fetchImpl: typeof fetch = fetch): PaypalClient | undefined {
  if (!cfg.clientId || !cfg.clientSecret || !cfg.webhookId) return undefined;
  const base = cfg.baseUrl.replace(/\/$/, '');
  const basic = Buffer.from(`${cfg.clientId}:${cfg.clientSecret}`).toString('base64');
  let token: { value: string; until: number } | undefined;

  async function call(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetchImpl(`${base}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
    } catch (err) {
      throw new PaypalUnavailableError(`PayPal API unreachable: ${(err as Error).message}`);
    }
  }

  async function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    const res = await call('/v1/oauth2/token', {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    if (!res.ok) throw new PaypalUnavailableError(`PayPal token request failed with HTTP ${res.status}`);
    const body = (await res.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new PaypalUnavailableError('PayPal token response had no access_token');
    token = { value: body.access_token, until: Date.now() + Math.max(60, (body.expires_in ?? 300) - 60) * 1000 };
    return token.value;
  }

  return {
    async verifyWebhook(t, event) {
      const res = await call('/v1/notifications/verify-webhook-signature', {
        method: 'POST',
        headers: { authorization: `Bearer ${await accessToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          auth_algo: t.authAlgo,
          cert_url: t.certUrl,
          transmission_id: t.transmissionId,
          transmission_sig: t.transmissionSig,
          transmission_time: t.transmissionTime,
          webhook_id: cfg.webhookId,
          webhook_event: event,
        }),
      });
      if (res.status === 401) token = undefined;
      if (res.status >= 500 || res.status === 401 || res.status === 429) {
        throw new PaypalUnavailableError(`PayPal verification failed with HTTP ${res.status}`);
      }
      if (!res.ok) return false;
      const body = (await res.json()) as { verification_status?: string };
      return body.verification_status === 'SUCCESS';
    },
  };
}
