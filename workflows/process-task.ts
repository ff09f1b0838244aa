import {
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { Activities } from '../activities';
import type { FinishOutcome, TaskSettings } from '../domain/contracts/task-pipeline';
import { bestAttempt, passed, type AttemptOutcome } from '../domain/qa-loop';
import { CLIENT_ID, COST_MICRO_USD, QA_SCORE, TASK_STATUS } from '../domain/search-attributes';
import type { ProcessTaskInput, TaskStatus } from '../domain/task';
import type { TaskSpec } from '../domain/task-spec';
import {
  LEDGER_ACTIVITY_OPTIONS,
  MEDIA_RELEASE_OPTIONS,
  NOTION_ACTIVITY_OPTIONS,
  mediaActivityOptions,
} from './task-activity-options';
import { llmActivities, llmQueuesOf } from './llm-step-proxies';
import { budgetGate } from './budget-gate';
import { classifyFailure, outlastedDeadline } from './failure';
import { taskProgressQuery, type TaskProgress } from '../domain/contracts/task-messages';

const ledger = proxyLocalActivities<Activities>(LEDGER_ACTIVITY_OPTIONS);
const notion = proxyActivities<Activities>(NOTION_ACTIVITY_OPTIONS);
const mediaActivities = (s: TaskSettings) => proxyActivities<Activities>(mediaActivityOptions(s));
const mediaCache = proxyActivities<Activities>(MEDIA_RELEASE_OPTIONS);

/** Deletes the run's cached media whatever the outcome, even while cancelled; a failed cleanup changes no outcome. */
const releaseMedia = (taskId: string, run: number) =>
  CancellationScope.nonCancellable(() => mediaCache.releaseMedia({ taskId, run })).catch(() => undefined);

/**
 * One task, end to end: load → (media preflight → transcription) → generate → QA → regenerate with
 * feedback while below the threshold → publish the best attempt (ledger, then Notion).
 */
export async function processTask(input: ProcessTaskInput): Promise<TaskProgress> {
  const progress: TaskProgress = {
    taskId: input.taskId,
    run: input.run,
    status: 'running',
    phase: 'loading',
    attempt: 0,
    maxAttempts: 0,
    bestScore: null,
    costMicroUsd: 0,
    attempts: [],
  };
  setHandler(taskProgressQuery, () => progress);
  // The start request sets TaskStatus=running and ClientId; after that search attributes change only at
  // the end (and on each regeneration): every upsert is a history event and a visibility write on the
  // server, the largest cost the pipeline adds to a bare workflow (README "Benchmarks").
  const setStatus = (status: TaskStatus, extra: SearchAttributeUpdatePair[] = []) => {
    progress.status = status;
    upsertSearchAttributes([{ key: TASK_STATUS, value: status }, ...extra]);
  };
  const addCost = (micro: number) => void (progress.costMicroUsd += micro);
  const budget = budgetGate(input, progress, (s) => setStatus(s));

  let task: TaskSpec | undefined;
  let notionEnabled = false;
  let outcome: FinishOutcome;
  const started = workflowInfo().startTime.getTime();
  try {
    const loaded = await ledger.loadTask(input);
    const t = loaded.task;
    task = t;
    const s = loaded.settings;
    notionEnabled = s.notionEnabled;
    if (workflowInfo().typedSearchAttributes.get(TASK_STATUS) === undefined) {
      setStatus('running', t.clientId ? [{ key: CLIENT_ID, value: t.clientId }] : []); // started without them (CLI, UI)
    }
    progress.maxAttempts = s.qaMaxAttempts;
    budget.enable(t.clientId);

    let transcript: string | undefined;
    if (t.type === 'media' && t.mediaUrl) {
      const media = mediaActivities(s);
      try {
        progress.phase = 'preflight';
        await media.preflightMedia({ taskId: t.taskId, run: input.run, url: t.mediaUrl });
        progress.phase = 'transcribing';
        await budget.beforeLlmCall();
        const tr = await media.transcribeMedia({
          taskId: t.taskId,
          run: input.run,
          url: t.mediaUrl,
          model: s.transcribeModel,
        });
        transcript = tr.text;
        addCost(tr.costMicroUsd);
      } finally {
        if (patched('media-cache-release')) await releaseMedia(t.taskId, input.run);
      }
    }

    const queues = llmQueuesOf(s);
    const llm = llmActivities(s, queues, s.llmModel);
    const qaLlm = llmActivities(s, queues, s.qaModel);
    const attempts: AttemptOutcome[] = [];
    let model = s.llmModel;
    for (let n = 1; n <= s.qaMaxAttempts; n++) {
      progress.attempt = n;
      progress.phase = 'generating';
      const key = { taskId: t.taskId, run: input.run, attempt: n };
      await budget.beforeLlmCall();
      const gen = await llm.generateAnswer({
        ...key,
        model: s.llmModel,
        title: t.title,
        prompt: t.prompt,
        transcript,
        previous: attempts.at(-1),
      });
      model = gen.model;
      addCost(gen.costMicroUsd);
      progress.phase = 'qa';
      await budget.beforeLlmCall();
      const qa = await qaLlm.evaluateAnswer({
        ...key,
        model: s.qaModel,
        title: t.title,
        prompt: t.prompt,
        answer: gen.text,
      });
      addCost(qa.costMicroUsd);
      const attempt: AttemptOutcome = { n, text: gen.text, score: qa.score, feedback: qa.feedback };
      attempts.push(attempt);
      progress.attempts.push({ n, qaScore: qa.score, feedback: qa.feedback });
      progress.bestScore = bestAttempt(attempts)?.score ?? null;
      if (passed(attempt, s.qaThreshold) || n === s.qaMaxAttempts) break; // publish writes the final values
      upsertSearchAttributes(scoreAndCost(progress)); // regenerating: show the verdict so far
    }
    const best = bestAttempt(attempts)!;
    const status = passed(best, s.qaThreshold) ? 'done' : 'low_qa';
    outcome = { status, result: best.text, qaScore: best.score, model, attempts: attempts.length };
  } catch (err) {
    if (isCancellation(err)) {
      // Record the cancellation even though the workflow is being cancelled, then end as cancelled.
      await CancellationScope.nonCancellable(() =>
        publish(
          input,
          task,
          notionEnabled,
          { status: 'cancelled', attempts: progress.attempt },
          progress,
          started,
          setStatus,
        ),
      );
      throw err;
    }
    // An outage that outlasts the retry deadline is a timeout (self-heal re-runs it) however the
    // deadline fell: during an attempt (TimeoutFailure) or between two (retry state TIMEOUT).
    const f =
      outlastedDeadline(err) && patched('deadline-failure-as-timeout')
        ? { type: 'timeout' as const, reason: `retried until the step's deadline: ${classifyFailure(err).reason}` }
        : classifyFailure(err);
    progress.failure = f;
    outcome = { status: 'failed', failureType: f.type, reason: f.reason, attempts: progress.attempt };
  }

  await publish(input, task, notionEnabled, outcome, progress, started, setStatus);
  if (outcome.status === 'failed') {
    throw ApplicationFailure.create({ type: outcome.failureType, message: outcome.reason, nonRetryable: true });
  }
  return progress;
}

const scoreAndCost = (p: TaskProgress): SearchAttributeUpdatePair[] => [
  { key: COST_MICRO_USD, value: p.costMicroUsd },
  ...(p.bestScore !== null ? [{ key: QA_SCORE, value: p.bestScore }] : []),
];

/** Ledger first (the system of record), then Notion; a Notion outage never changes the task's status. */
async function publish(
  input: ProcessTaskInput,
  task: TaskSpec | undefined,
  notionEnabled: boolean,
  outcome: FinishOutcome,
  progress: TaskProgress,
  startedMs: number,
  setStatus: (s: TaskStatus, extra?: SearchAttributeUpdatePair[]) => void,
): Promise<void> {
  progress.phase = 'publishing';
  const totals = await ledger.finishTask({ ...input, outcome });
  progress.costMicroUsd = totals.costMicroUsd;
  setStatus(outcome.status, scoreAndCost(progress));
  // A task that could not be loaded (invalid row, LLM not configured, cancelled before loading) still
  // gets its outcome shown in Notion: the activity knows whether Notion is on and finds the row itself.
  // Runs that ended before this existed published nothing here: patched() keeps their histories replayable.
  const loaded = task !== undefined;
  const publishUnloaded = !loaded && patched('publish-unloaded-task-to-notion');
  if (!notionEnabled && !publishUnloaded) return void (progress.phase = 'finished');
  try {
    await notion.publishToNotion({
      ...input,
      notionPageId: task?.notionPageId ?? null,
      title: task?.title ?? input.taskId,
      outcome,
      totals,
      startedMs,
      ...(loaded ? {} : { fromLedger: true }),
    });
  } catch (err) {
    if (isCancellation(err)) throw err;
    progress.notionError = classifyFailure(err).reason;
  }
  progress.phase = 'finished';
}
