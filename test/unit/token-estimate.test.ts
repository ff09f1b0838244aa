import { describe, expect, it } from 'vitest';
import { completionTokenAverage, estimateChatTokens, EXPECTED_COMPLETION_TOKENS } from '../../infra/llm/token-estimate';

describe('token estimate', () => {
  it('counts the prompt with o200k_base plus chat framing, then the expected answer', () => {
    const messages = [{ content: 'Hello world' }, { content: 'Write the board memo.' }];
    const prompt = estimateChatTokens(messages, 0);
    expect(prompt).toBe(3 + (4 + 2) + (4 + 5)); // "Hello world" is 2 tokens, the task 5
    expect(estimateChatTokens(messages)).toBe(prompt + EXPECTED_COMPLETION_TOKENS);
    expect(estimateChatTokens(messages, 40)).toBe(prompt + 40);
  });

  it('learns each model’s answer length: the first answer replaces the default, later ones move an average', () => {
    const avg = completionTokenAverage();
    expect(avg.expected('gpt-4o')).toBe(EXPECTED_COMPLETION_TOKENS);
    avg.observe('gpt-4o', 20);
    expect(avg.expected('gpt-4o')).toBe(20);
    avg.observe('gpt-4o', 120);
    expect(avg.expected('gpt-4o')).toBeCloseTo(40); // 20 + 0.2 × 100
    expect(avg.expected('gpt-4o-mini')).toBe(EXPECTED_COMPLETION_TOKENS); // per model
    avg.observe('gpt-4o', undefined);
    avg.observe('gpt-4o', -5);
    avg.observe('gpt-4o', Number.NaN);
    expect(avg.expected('gpt-4o')).toBeCloseTo(40); // no usage reported: nothing learned
  });
});
