import { setTimeout as sleep } from 'node:timers/promises';
import { startHttpFake, type FakeRequest, type FakeResponse } from './http-fake';

/** One scripted answer of the fake: content, an HTTP error, or a call that never answers. */
export type FakeReply =
  | {
      content: string | null;
      usage?: { prompt_tokens: number; completion_tokens: number };
      delayMs?: number;
      finishReason?: string;
      refusal?: string;
      model?: string;
      headers?: Record<string, string>;
    }
  | {
      status: number;
      message: string;
      code?: string;
      type?: string;
      headers?: Record<string, string>;
      delayMs?: number;
    }
  | { hang: true }
  /** Held until `until` resolves, then answers with what it resolved to (undefined: the default reply). */
  | { until: Promise<FakeReply | undefined> };

export interface ChatCall {
  kind: 'generate' | 'qa';
  model: string;
  messages: { role: string; content: string }[];
  responseFormat?: { type: string; json_schema?: { name: string; strict?: boolean } };
  aborted: boolean;
  authorization?: string;
  /** Date.now() when the call arrived. */
  at: number;
}

export interface TranscriptionCall {
  model: string;
  bytes: number;
  filename?: string;
}

export interface OpenAiFake {
  /** Base URL to give the SDK (ends in /v1). */
  baseUrl: string;
  /** Scripted replies, consumed in order; when empty the defaults answer. */
  generate: FakeReply[];
  qa: FakeReply[];
  transcription: FakeReply[];
  defaults: {
    generate: (call: ChatCall, n: number) => FakeReply;
    qa: (call: ChatCall, n: number) => FakeReply;
    transcriptText: string;
  };
  calls: ChatCall[];
  transcriptions: TranscriptionCall[];
  /** Resolves when the next chat call of `kind` arrives (for "stop the worker mid-generation"). */
  nextCall(kind: 'generate' | 'qa'): Promise<ChatCall>;
  close: () => Promise<void>;
}

/** A reply held open until released: keeps a task in flight for as long as a test needs. */
export function heldReply(): { reply: FakeReply; release(then?: FakeReply): void } {
  let release!: (then?: FakeReply) => void;
  const until = new Promise<FakeReply | undefined>((resolve) => (release = resolve));
  return { reply: { until }, release };
}

export const qaReply = (score: unknown, feedback = score === 100 ? 'perfect' : 'be more specific'): FakeReply => ({
  content: JSON.stringify({ score, feedback }),
  usage: { prompt_tokens: 200, completion_tokens: 20 },
});

/**
 * An OpenAI-compatible server: chat completions (plain and structured output), audio
 * transcriptions and the models list, driven by the real `openai` SDK in tests.
 */
export async function startOpenAiFake(): Promise<OpenAiFake> {
  const waiters: { kind: 'generate' | 'qa'; resolve: (c: ChatCall) => void }[] = [];
  const counts = { generate: 0, qa: 0 };
  const fake: Omit<OpenAiFake, 'baseUrl' | 'close'> = {
    generate: [],
    qa: [],
    transcription: [],
    defaults: {
      generate: (_c, n) => ({ content: `Answer number ${n}`, usage: { prompt_tokens: 1000, completion_tokens: 500 } }),
      qa: () => qaReply(90, 'good'),
      transcriptText: 'hello from the recording',
    },
    calls: [],
    transcriptions: [],
    nextCall: (kind) => new Promise((resolve) => waiters.push({ kind, resolve })),
  };

  async function reply(
    r: FakeReply,
    req: FakeRequest,
    model: string,
    fallback: () => FakeReply,
  ): Promise<FakeResponse | undefined> {
    if ('until' in r) {
      const then = await Promise.race([r.until, req.aborted.then(() => null)]);
      return then === null ? undefined : reply(then ?? fallback(), req, model, fallback);
    }
    if ('hang' in r) {
      await req.aborted;
      return undefined;
    }
    if (r.delayMs) await Promise.race([sleep(r.delayMs), req.aborted]);
    if (req.isAborted()) return undefined;
    if ('status' in r) {
      return {
        status: r.status,
        headers: r.headers,
        body: {
          error: { message: r.message, type: r.type ?? 'invalid_request_error', code: r.code ?? null, param: null },
        },
      };
    }
    return {
      status: 200,
      headers: r.headers,
      body: {
        id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: r.model ?? model,
        choices: [
          {
            index: 0,
            finish_reason: r.finishReason ?? 'stop',
            message: { role: 'assistant', content: r.content, refusal: r.refusal ?? null },
          },
        ],
        usage: r.usage && { ...r.usage, total_tokens: r.usage.prompt_tokens + r.usage.completion_tokens },
      },
    };
  }

  const server = await startHttpFake(async (req) => {
    if (req.method === 'GET' && req.path === '/v1/models') {
      return {
        status: 200,
        body: {
          object: 'list',
          data: ['gpt-4o', 'gpt-4o-mini', 'whisper-1'].map((id) => ({
            id,
            object: 'model',
            created: 0,
            owned_by: 'fake',
          })),
        },
      };
    }
    if (req.method === 'POST' && req.path === '/v1/chat/completions') {
      const body = JSON.parse(req.body.toString('utf8')) as {
        model: string;
        messages: ChatCall['messages'];
        response_format?: ChatCall['responseFormat'];
      };
      const kind = body.response_format?.type === 'json_schema' ? 'qa' : 'generate';
      const call: ChatCall = {
        kind,
        model: body.model,
        messages: body.messages,
        responseFormat: body.response_format,
        aborted: false,
        authorization: req.headers.authorization,
        at: Date.now(),
      };
      fake.calls.push(call);
      void req.aborted.then(() => (call.aborted = true));
      const n = ++counts[kind];
      const w = waiters.findIndex((x) => x.kind === kind);
      if (w >= 0) waiters.splice(w, 1)[0]!.resolve(call);
      const fallback = () => fake.defaults[kind](call, n);
      return reply(fake[kind].shift() ?? fallback(), req, body.model, fallback);
    }
    if (req.method === 'POST' && req.path === '/v1/audio/transcriptions') {
      const text = req.body.toString('latin1');
      const model = /name="model"\r\n\r\n([^\r]+)/.exec(text)?.[1] ?? '';
      const filename = /name="file"; filename="([^"]+)"/.exec(text)?.[1];
      fake.transcriptions.push({ model, bytes: req.body.length, filename });
      const scripted = fake.transcription.shift();
      if (scripted && !('content' in scripted))
        return reply(scripted, req, model, () => ({ content: fake.defaults.transcriptText }));
      return {
        status: 200,
        body: { text: scripted && 'content' in scripted ? scripted.content : fake.defaults.transcriptText },
      };
    }
    return { status: 404, body: { error: { message: `fake has no ${req.method} ${req.path}` } } };
  });
  return Object.assign(fake, { baseUrl: `${server.url}/v1`, close: server.close });
}

/**
 * Routes generate calls by a marker in the task text: a one-shot reply (`once`) wins, then a standing
 * rule (`always`, which may pass by returning undefined), else the fake's default answer.
 */
export function routeGenerate(llm: OpenAiFake) {
  const base = llm.defaults.generate;
  const once = new Map<string, FakeReply>();
  const always = new Map<string, () => FakeReply | undefined>();
  llm.defaults.generate = (call, n) => {
    const text = call.messages.map((m) => m.content).join('\n');
    for (const [marker, r] of once) {
      if (text.includes(marker)) {
        once.delete(marker);
        return r;
      }
    }
    for (const [marker, rule] of always) {
      const r = text.includes(marker) ? rule() : undefined;
      if (r) return r;
    }
    return base(call, n);
  };
  return { once, always };
}
