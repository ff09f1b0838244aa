import { describe, expect, it } from 'vitest';
import { llmQueueMap, llmTaskQueues } from '../../domain/llm-task-queues';
import { testConfig } from '../support/test-config';

describe('per-model LLM task queues', () => {
  it('one queue per distinct model, paced at 0.97 of its configured requests/min, per model over LLM_RPM', () => {
    const queues = llmTaskQueues(
      'echopilot',
      ['gpt-4o', 'gpt-4o-mini', 'gpt-4o'],
      { 'gpt-4o': { rpm: 600 } },
      { rpm: 120 },
    );
    expect(queues).toEqual([
      { model: 'gpt-4o', queue: 'echopilot-llm-gpt-4o', perSecond: (600 * 0.97) / 60 },
      { model: 'gpt-4o-mini', queue: 'echopilot-llm-gpt-4o-mini', perSecond: (120 * 0.97) / 60 },
    ]);
    expect(llmQueueMap(queues)).toEqual({
      'gpt-4o': 'echopilot-llm-gpt-4o',
      'gpt-4o-mini': 'echopilot-llm-gpt-4o-mini',
    });
  });

  it('a model without a configured limit gets a queue without a rate', () => {
    expect(llmTaskQueues('q', ['m'], {}, {})).toEqual([{ model: 'm', queue: 'q-llm-m' }]);
  });

  it('LLM_TASK_QUEUES is on by default, off with false, and a value that is not a boolean names the variable', () => {
    expect(testConfig().llm.taskQueues).toBe(true);
    expect(testConfig({ LLM_TASK_QUEUES: 'false' }).llm.taskQueues).toBe(false);
    expect(() => testConfig({ LLM_TASK_QUEUES: 'sometimes' })).toThrow(/LLM_TASK_QUEUES/);
  });
});
