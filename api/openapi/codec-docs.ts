import { z } from 'zod';
import { codecBody } from '../routes/codec-routes';
import type { RouteDoc } from './route-doc';

const answers = {
  200: '`{ payloads }`, same shape (Temporal codec server protocol)',
  422: 'A payload cannot be decoded: its data key was destroyed (erasure) or its bytes are damaged',
};
const tokenParam = z.object({ token: z.string().describe('HMAC of the dashboard key, printed by `echopilot start`') });

export const codecDocs: RouteDoc[] = (['encode', 'decode'] as const).flatMap((op): RouteDoc[] => [
  {
    method: 'post',
    path: `/codec/${op}`,
    tag: 'Codec',
    auth: 'dashKey',
    body: codecBody,
    summary: `Temporal codec server: ${op} payloads (also accepts Authorization: Bearer <dashboard key>)`,
    description:
      'For the Temporal Web UI (`codec.endpoint`, CORS for its origin) and `temporal --codec-endpoint`. See README "Payload encryption".',
    responses: answers,
  },
  {
    method: 'post',
    path: `/codec/ui/:token/${op}`,
    tag: 'Codec',
    auth: 'public',
    params: tokenParam,
    body: codecBody,
    summary: `Temporal codec server for the embedded Web UI: ${op} payloads`,
    description: 'The path token is the credential (the dev server UI sends no header); a wrong token answers 401.',
    responses: { ...answers, 401: 'Wrong token' },
  },
]);
