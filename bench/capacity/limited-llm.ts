import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LimitedLlmOptions {
  /** Requests per second the stand-in serves (a rolling one-second window, as OpenAI's per-second limits). */
  rps: number;
  /** Tokens per minute (a rolling 60 s window of prompt + completion tokens). */
  tpm: number;
  /** Answer latency, ms (a real provider takes a few hundred). */
  latencyMs: number;
}

/**
 * The capacity benchmark's OpenAI-compatible provider: enforces requests/s and tokens/min and answers
 * beyond them with 429 and OpenAI's headers (retry-after-ms, x-ratelimit-limit/remaining/reset-*);
 * every answer states the limits. `outage(ms)` answers 503 for a while. Counts what it saw.
 */
export async function startLimitedLlm(opts: LimitedLlmOptions) {
  const served: number[] = [];
  const tokens: { at: number; n: number }[] = [];
  const counts = { served: 0, limited: 0, unavailable: 0 };
  /** Every request's arrival and answer status, to see where a run lost time or drew 429s. */
  const arrivals: { at: number; status: number }[] = [];
  let downUntil = 0;
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string>) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        model: string;
        response_format?: { type: string };
        messages: { content?: unknown }[];
      };
      const now = Date.now();
      if (now < downUntil) {
        arrivals.push({ at: now, status: 503 });
        counts.unavailable++;
        return send(res, 503, { error: { message: 'The server is overloaded', type: 'server_error' } }, {});
      }
      while (served.length && served[0]! <= now - 1000) served.shift();
      while (tokens.length && tokens[0]!.at <= now - 60_000) tokens.shift();
      const promptTokens = Math.ceil(JSON.stringify(body.messages).length / 4);
      const cost = promptTokens + 20;
      const usedTokens = tokens.reduce((s, t) => s + t.n, 0);
      const resetReq = served.length ? Math.max(1, served[0]! + 1000 - now) : 1;
      const resetTok = tokens.length ? Math.max(1, tokens[0]!.at + 60_000 - now) : 1;
      const headers = {
        'x-ratelimit-limit-requests': String(opts.rps * 60),
        'x-ratelimit-limit-tokens': String(opts.tpm),
        'x-ratelimit-remaining-requests': String(Math.max(0, opts.rps - served.length - 1)),
        'x-ratelimit-remaining-tokens': String(Math.max(0, opts.tpm - usedTokens - cost)),
        'x-ratelimit-reset-requests': `${resetReq}ms`,
        'x-ratelimit-reset-tokens': `${resetTok}ms`,
      };
      const overRequests = served.length >= opts.rps;
      if (overRequests || usedTokens + cost > opts.tpm) {
        counts.limited++;
        arrivals.push({ at: now, status: 429 });
        return send(
          res,
          429,
          {
            error: {
              message: `Rate limit reached for ${body.model} on ${overRequests ? 'requests' : 'tokens'}`,
              type: overRequests ? 'requests' : 'tokens',
              code: 'rate_limit_exceeded',
            },
          },
          { ...headers, 'retry-after-ms': String(overRequests ? resetReq : resetTok) },
        );
      }
      served.push(now);
      tokens.push({ at: now, n: cost });
      counts.served++;
      arrivals.push({ at: now, status: 200 });
      const content =
        body.response_format?.type === 'json_schema' ? JSON.stringify({ score: 95, feedback: 'good' }) : 'ok';
      setTimeout(
        () =>
          send(
            res,
            200,
            {
              id: 'chatcmpl-bench',
              object: 'chat.completion',
              created: 0,
              model: body.model,
              choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } }],
              usage: { prompt_tokens: promptTokens, completion_tokens: 20, total_tokens: cost },
            },
            headers,
          ),
        opts.latencyMs * (0.8 + Math.random() * 0.4),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    counts,
    arrivals,
    outage(ms: number) {
      downUntil = Date.now() + ms;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
