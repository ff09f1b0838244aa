import { ApplicationFailure } from '@temporalio/common';
import type OpenAI from 'openai';
import type { APIError } from 'openai';
import { tokenCostMicroUsd, type PriceTable } from '../domain/pricing';
import { parseQaVerdict, QA_RESPONSE_FORMAT } from '../domain/qa-verdict';
import { regenerationMessage, type AttemptOutcome } from '../domain/qa-loop';
import type { AttemptRow, TaskLedger } from '../infra/db/repositories/task-ledger';
import type { AppMetrics } from '../infra/metrics/app-metrics';
import { recordLlmCall, recordLlmRateLimit } from '../infra/metrics/record-llm-call';
import { withHeartbeats } from './activity-context';
import { onceInLedger } from './ledger-step';
import { llmErrorKind, mapLlmError, requireLlm } from './llm-errors';
import type { LlmOutageTracker } from './llm-outage';
import type { LlmGate } from './llm-pacing';

export interface LlmActivityDeps {
  tasks: TaskLedger;
  llm?: OpenAI;
  prices: PriceTable;
  metrics: AppMetrics;
  /** Announces provider outages and recoveries; absent in unit wiring without a database. */
  llmOutage?: LlmOutageTracker;
  /** Paces calls to the provider's limits across workers; absent: calls go out at once. */
  llmGate?: LlmGate;
}

interface StepKey {
  taskId: string;
  run: number;
  attempt: number;
}

export interface GenerateInput extends StepKey {
  model: string;
  title: string;
  prompt: string;
  transcript?: string;
  /** The previous attempt, when this is a regeneration with QA feedback. */
  previous?: AttemptOutcome;
}

export interface StepResult {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
}

export interface EvaluateInput extends StepKey {
  model: string;
  title: string;
  prompt: string;
  answer: string;
}

const SYSTEM_GENERATE =
  'You are EchoPilot, a careful assistant that completes business tasks. Answer the task fully and accurately. Reply with the deliverable only.';
const SYSTEM_QA =
  'You are a strict quality reviewer. Score how well the answer completes the task (0-100: correctness, completeness, clarity, following instructions) and say concretely what to improve. Reply with JSON {"score": integer, "feedback": string}.';

/** A recorded step's model, usage and cost, as the workflow sees a fresh one. */
const stepResultOf = (r: AttemptRow): StepResult => ({
  model: r.model,
  inputTokens: r.inputTokens,
  outputTokens: r.outputTokens,
  costMicroUsd: r.costMicroUsd,
});

function taskMessage(title: string, prompt: string, transcript?: string): string {
  const parts = [`Task: ${title}`, '', prompt];
  if (transcript !== undefined) parts.push('', 'Transcript of the attached media:', '"""', transcript, '"""');
  return parts.join('\n');
}

export function createLlmActivities(deps: LlmActivityDeps) {
  const client = () => requireLlm(deps.llm);

  async function chat(body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, what: string) {
    let res: OpenAI.ChatCompletion;
    try {
      res = await withHeartbeats(
        async (signal) => {
          const admitted = await deps.llmGate?.admit(body.model, body.messages, signal);
          try {
            const { data, response } = await client().chat.completions.create(body, { signal }).withResponse();
            if (admitted) await deps.llmGate?.answered(admitted, data.usage, response.headers);
            return data;
          } catch (err) {
            if (admitted) {
              const kind = llmErrorKind(err);
              if (kind === 'rate_limited') await deps.llmGate?.rateLimited(admitted, (err as APIError).headers);
              else if (kind === 'transient') await deps.llmGate?.failed(admitted);
            }
            throw err;
          }
        },
        { what },
      );
    } catch (err) {
      recordLlmRateLimit(deps.metrics, body.model, err);
      const mapped = mapLlmError(err, what);
      if (llmErrorKind(err) === 'transient') await deps.llmOutage?.failed(mapped.message);
      throw mapped;
    }
    await deps.llmOutage?.succeeded();
    return res;
  }

  /** The model that answered, its token usage and what it cost, from one chat completion. */
  const usageOf = (res: OpenAI.ChatCompletion, requestedModel: string) => {
    const model = res.model || requestedModel;
    const inputTokens = res.usage?.prompt_tokens ?? 0;
    const outputTokens = res.usage?.completion_tokens ?? 0;
    return {
      model,
      inputTokens,
      outputTokens,
      costMicroUsd: tokenCostMicroUsd(deps.prices, model, inputTokens, outputTokens),
    };
  };

  return {
    /** One generation attempt with LLM_MODEL; recorded once per (task, run, attempt). */
    async generateAnswer(input: GenerateInput): Promise<StepResult & { text: string }> {
      const key = { taskId: input.taskId, run: input.run, attempt: input.attempt, step: 'generate' };
      const fromRow = (r: AttemptRow) => (r.output == null ? undefined : { text: r.output, ...stepResultOf(r) });
      return onceInLedger(deps.tasks, key, fromRow, async () => {
        const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
          { role: 'system', content: SYSTEM_GENERATE },
          { role: 'user', content: taskMessage(input.title, input.prompt, input.transcript) },
        ];
        if (input.previous) {
          messages.push(
            { role: 'assistant', content: input.previous.text },
            { role: 'user', content: regenerationMessage(input.previous) },
          );
        }
        const started = performance.now();
        const res = await chat({ model: input.model, messages }, `generate attempt ${input.attempt}`);
        const choice = res.choices[0];
        if (choice?.finish_reason === 'content_filter' || choice?.message.refusal) {
          throw ApplicationFailure.nonRetryable(
            `LLM refused the task (content policy): ${choice.message.refusal ?? 'content_filter'}`,
            'llm_rejected',
          );
        }
        const text = choice?.message.content?.trim();
        if (!text) throw ApplicationFailure.retryable('LLM returned an empty answer', 'llm_unavailable');
        const usage = usageOf(res, input.model);
        const durationMs = performance.now() - started;
        recordLlmCall(deps.metrics, { ...usage, step: 'generate', seconds: durationMs / 1000 });
        return { row: { ...usage, output: text, durationMs: Math.round(durationMs) }, result: { text, ...usage } };
      });
    },

    /** QA with QA_MODEL and structured output. An unparsable verdict is a failed attempt (score null). */
    async evaluateAnswer(input: EvaluateInput): Promise<StepResult & { score: number | null; feedback: string }> {
      const key = { taskId: input.taskId, run: input.run, attempt: input.attempt, step: 'qa' };
      const fromRow = (r: AttemptRow) => ({ score: r.qaScore, feedback: r.feedback ?? '', ...stepResultOf(r) });
      return onceInLedger(deps.tasks, key, fromRow, async () => {
        const started = performance.now();
        const res = await chat(
          {
            model: input.model,
            temperature: 0,
            response_format: QA_RESPONSE_FORMAT,
            messages: [
              { role: 'system', content: SYSTEM_QA },
              {
                role: 'user',
                content: `${taskMessage(input.title, input.prompt)}\n\nAnswer to review:\n"""\n${input.answer}\n"""`,
              },
            ],
          },
          `QA attempt ${input.attempt}`,
        );
        const message = res.choices[0]?.message;
        const verdict = message?.refusal
          ? {
              ok: false as const,
              score: null,
              feedback: `QA output unparsable: model refused (${message.refusal.slice(0, 200)})`,
            }
          : parseQaVerdict(message?.content);
        const usage = usageOf(res, input.model);
        const durationMs = performance.now() - started;
        recordLlmCall(deps.metrics, { ...usage, step: 'qa', seconds: durationMs / 1000 });
        if (verdict.score !== null) deps.metrics.qaScore.observe({ model: usage.model }, verdict.score);
        return {
          row: {
            ...usage,
            qaScore: verdict.score,
            feedback: verdict.feedback,
            output: message?.content ?? null,
            durationMs: Math.round(durationMs),
          },
          result: { score: verdict.score, feedback: verdict.feedback, ...usage },
        };
      });
    },
  };
}
export type LlmActivities = ReturnType<typeof createLlmActivities>;
