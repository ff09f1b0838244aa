import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../infra/config/load-config';

export interface ApiClient {
  readonly baseUrl: string;
  get<T>(urlPath: string): Promise<T>;
  post<T>(urlPath: string, body?: unknown): Promise<T>;
  patch<T>(urlPath: string, body: unknown): Promise<T>;
}

/** An answer the API refused; the message is the API's own (it names the field), the key never appears. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** DASHBOARD_KEY, else the key `echopilot start` generated into data/dashboard-key; never creates one. */
function dashboardKey(config: Config): string {
  if (config.auth.dashboardKey) return config.auth.dashboardKey;
  const file = path.join(config.dataDir, 'dashboard-key');
  const key = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!key)
    throw new Error(
      `No dashboard key: set DASHBOARD_KEY, or run this where ${file} exists (written by \`echopilot start\`)`,
    );
  return key;
}

/** The HTTP API as the CLI's tasks/clients commands use it: one path for the CLI and every other caller. */
export function createApiClient(config: Config, baseUrl = config.http.apiUrl): ApiClient {
  const key = dashboardKey(config);
  const base = baseUrl.replace(/\/$/, '');
  async function call<T>(method: string, urlPath: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${base}${urlPath}`, {
        method,
        headers: { 'X-Dash-Key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new Error(
        `Cannot reach the EchoPilot API at ${base} (${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}); is it running? Set ECHOPILOT_API_URL or --api-url`,
        { cause: err },
      );
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new ApiCallError(res.status, 'not_json', `${method} ${urlPath}: ${res.status}, not a JSON answer`);
    }
    if (!res.ok) {
      const e = (json as { error?: { code?: string; message?: string } }).error;
      throw new ApiCallError(
        res.status,
        e?.code ?? 'error',
        `${res.status} ${e?.code ?? ''}: ${e?.message ?? text}`.trim(),
      );
    }
    return json as T;
  }
  return {
    baseUrl: base,
    get: (p) => call('GET', p),
    post: (p, body) => call('POST', p, body ?? {}),
    patch: (p, body) => call('PATCH', p, body),
  };
}
