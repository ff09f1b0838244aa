import { ActivityFailure, ApplicationFailure, RetryState, TimeoutFailure, TimeoutType } from '@temporalio/common';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { mapLlmError } from '../../activities/llm-errors';
import { toFailure } from '../../activities/media-activities';
import { INPUT_BOUND_FAILURE_TYPES, SELF_HEAL_FAILURE_TYPES } from '../../domain/replay';
import { FAILURE_TYPES, NON_RETRYABLE_FAILURE_TYPES, TRANSIENT_FAILURE_TYPES } from '../../domain/task';
import { MediaError } from '../../infra/media/fetch-media';
import { classifyFailure } from '../../workflows/failure';

/** What the workflow sees when an activity's retries ran out (or it failed for good). */
const activityFailed = (cause: Error) =>
  new ActivityFailure('activity failed', 'generateAnswer', '1', RetryState.MAXIMUM_ATTEMPTS_REACHED, 'worker', cause);
const llmError = (status: number, message: string) =>
  OpenAI.APIError.generate(status, { error: { message } }, message, new Headers());

describe('failure types: what processTask records is what self-heal and job replay select on', () => {
  it('classifies activity failures by their ApplicationFailure type, timeouts as timeout, anything else as internal', () => {
    expect(classifyFailure(activityFailed(ApplicationFailure.retryable('503 down', 'llm_unavailable')))).toEqual({
      type: 'llm_unavailable',
      reason: '503 down',
    });
    expect(classifyFailure(activityFailed(new TimeoutFailure('timed out', undefined, TimeoutType.HEARTBEAT)))).toEqual({
      type: 'timeout',
      reason: 'step timed out (HEARTBEAT)',
    });
    expect(
      classifyFailure(activityFailed(ApplicationFailure.create({ type: 'TypeError', message: 'x is undefined' }))),
    ).toEqual({ type: 'internal', reason: 'x is undefined' });
    expect(classifyFailure(new Error('boom'))).toEqual({ type: 'internal', reason: 'boom' });
  });

  it('a provider or media host having a bad moment is transient; refusals and bad input are not', () => {
    const type = (e: Error) => classifyFailure(activityFailed(e)).type;
    const transient = (e: Error) => SELF_HEAL_FAILURE_TYPES.includes(type(e));
    expect(transient(mapLlmError(llmError(503, 'overloaded'), 'generate'))).toBe(true);
    expect(transient(mapLlmError(llmError(429, 'slow down'), 'generate'))).toBe(true);
    expect(transient(mapLlmError(new OpenAI.APIConnectionError({ message: 'ECONNREFUSED' }), 'generate'))).toBe(true);
    expect(transient(mapLlmError(llmError(400, 'bad request'), 'generate'))).toBe(false);
    const media = toFailure; // what media activities throw
    expect(new MediaError('media_unavailable', 'HTTP 503').retryable).toBe(true);
    expect(transient(media(new MediaError('media_unavailable', 'HTTP 503')))).toBe(true);
    expect(transient(media(new MediaError('media_unreadable', 'HTTP 404')))).toBe(false);
  });

  it('the lists agree: transient ones are retried in the run, never a Notion error, and input-bound ones are final', () => {
    expect(SELF_HEAL_FAILURE_TYPES).toEqual(TRANSIENT_FAILURE_TYPES);
    for (const t of TRANSIENT_FAILURE_TYPES) expect(NON_RETRYABLE_FAILURE_TYPES).not.toContain(t);
    for (const t of INPUT_BOUND_FAILURE_TYPES) expect(NON_RETRYABLE_FAILURE_TYPES).toContain(t);
    // Publish writes the ledger first and never fails a task over Notion, so no task is failed with notion_error.
    expect(TRANSIENT_FAILURE_TYPES).not.toContain('notion_error');
    for (const t of [...TRANSIENT_FAILURE_TYPES, ...NON_RETRYABLE_FAILURE_TYPES]) expect(FAILURE_TYPES).toContain(t);
  });
});
