import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The benchmark's zero-latency OpenAI-compatible endpoint: generation answers "ok", QA answers a
 * passing verdict, both at once. `hold()` parks generation calls until `release()`, to keep tasks in
 * flight. A smaller cousin of test/fakes/openai-fake.ts that records nothing (no growth in the driver).
 */
export async function startFastLlm() {
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  let heldCalls = 0;
  const answer = (res: ServerResponse, model: string, content: string) => {
    const body = JSON.stringify({
      id: 'chatcmpl-bench',
      object: 'chat.completion',
      created: 0,
      model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        model: string;
        response_format?: { type: string };
      };
      if (body.response_format?.type === 'json_schema')
        return answer(res, body.model, JSON.stringify({ score: 95, feedback: 'good' }));
      if (!gate) return answer(res, body.model, 'ok');
      heldCalls++;
      void gate.then(() => answer(res, body.model, 'ok'));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    hold() {
      gate = new Promise<void>((r) => (open = r));
      heldCalls = 0;
    },
    release() {
      open?.();
      gate = undefined;
    },
    held: () => heldCalls,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
