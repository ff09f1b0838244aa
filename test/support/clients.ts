import type { ApiApp } from '../../api/app-env';
import { adminHeaders } from './test-config';

/** POST /api/clients through the real app; throws unless 201. */
export async function createClient(
  app: ApiApp,
  body: Record<string, unknown>,
  ip = '10.7.0.1',
): Promise<{ clientId: string } & Record<string, unknown>> {
  const res = await app.request('/api/clients', {
    method: 'POST',
    headers: adminHeaders(ip),
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`create client: ${res.status} ${await res.text()}`);
  return (await res.json()) as { clientId: string } & Record<string, unknown>;
}
