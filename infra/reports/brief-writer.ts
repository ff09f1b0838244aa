import type OpenAI from 'openai';
import { briefFactList, factsQuoted, type BriefNarrative } from '../../domain/brief-narrative';
import type { ReportFacts } from '../../domain/report-facts';

const SYSTEM =
  'You write the two-to-four sentence narrative of a daily CEO brief. Use only the numbers given, quoted exactly ' +
  'as written; never compute or invent others. Plain text, no lists, no greeting.';

/**
 * The CEO brief's narrative by QA_MODEL over computed facts. The model is given the named facts only and
 * the brief lists the ones it quoted. No completion (no LLM key): null, and the brief is the facts alone.
 * `complete` is the caller's (the activity records the call's cost in the platform LLM ledger).
 */
export async function writeBriefNarrative(
  complete:
    ((body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming) => Promise<OpenAI.Chat.ChatCompletion>) | undefined,
  model: string,
  facts: ReportFacts,
): Promise<BriefNarrative | null> {
  if (!complete) return null;
  const list = briefFactList(facts);
  const res = await complete({
    model,
    temperature: 0.2,
    max_tokens: 300,
    messages: [
      { role: 'system', content: SYSTEM },
      {
        role: 'user',
        content: `Period ${facts.periodStart} to ${facts.periodEnd}.\n${list.map((f) => `${f.name}: ${f.value}`).join('\n')}`,
      },
    ],
  });
  const text = res.choices[0]?.message.content?.trim();
  if (!text) throw new Error('the model returned no narrative');
  return { text: text.slice(0, 2000), model, factsUsed: factsQuoted(text, list) };
}
