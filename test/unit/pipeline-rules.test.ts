import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../activities/llm-errors';
import { chunkText } from '../../domain/notion-blocks';
import { formatMicroUsd } from '../../domain/money';
import {
  DEFAULT_PRICES,
  mediaChargeMicroUsd,
  mergePrices,
  minuteCostMicroUsd,
  tokenCostMicroUsd,
} from '../../domain/pricing';
import { bestAttempt } from '../../domain/qa-loop';
import { parseQaVerdict } from '../../domain/qa-verdict';
import { encodeProperty } from '../../infra/notion/property-values';
import { ConfigError } from '../../infra/config/load-config';
import { testConfig } from '../support/test-config';

describe('pricing (integer micro-USD)', () => {
  it('prices chat tokens per 1M and transcription per started second, exact in integers', () => {
    expect(tokenCostMicroUsd(DEFAULT_PRICES, 'gpt-4o', 1000, 500)).toBe(7500);
    expect(tokenCostMicroUsd(DEFAULT_PRICES, 'gpt-4o-mini', 200, 20)).toBe(42);
    expect(tokenCostMicroUsd(DEFAULT_PRICES, 'gpt-4o-2024-08-06', 1_000_000, 0)).toBe(2_500_000); // dated snapshot → family price
    expect(tokenCostMicroUsd(DEFAULT_PRICES, 'my-local-model', 1000, 1000)).toBe(0);
    expect(minuteCostMicroUsd(DEFAULT_PRICES, 'whisper-1', 60)).toBe(6000);
    expect(minuteCostMicroUsd(DEFAULT_PRICES, 'whisper-1', 2.5)).toBe(300);
    expect(mediaChargeMicroUsd(61, 5)).toBe(10_000_000);
  });
  it('formats six decimals at the edge', () => {
    expect(formatMicroUsd(7542)).toBe('0.007542');
    expect(formatMicroUsd(12_345_678)).toBe('12.345678');
    expect(formatMicroUsd(0)).toBe('0.000000');
  });
  it('config overrides the table through LLM_PRICES, validated', () => {
    const c = testConfig({
      LLM_PRICES: '{"gpt-4o":{"inputPer1M":5,"outputPer1M":15},"llama3":{"inputPer1M":0.1,"outputPer1M":0.1}}',
    });
    expect(c.llm.prices['gpt-4o']).toEqual({ inputPer1M: 5, outputPer1M: 15 });
    expect(c.llm.prices['gpt-4o-mini']).toEqual(mergePrices()['gpt-4o-mini']);
    expect(() => testConfig({ LLM_PRICES: '{"gpt-4o":{"input":5}}' })).toThrow(ConfigError);
    expect(() => testConfig({ LLM_PRICES: 'nope' })).toThrow(/LLM_PRICES: expected JSON/);
    expect(() => testConfig({ NOTION_PROPERTIES: '{"queue":{"promt":"Brief"}}' })).toThrow(/NOTION_PROPERTIES/);
    expect(testConfig({ NOTION_PROPERTIES: '{"queue":{"prompt":"Brief"}}' }).notion.properties.queue).toMatchObject({
      prompt: 'Brief',
      title: 'Name',
    });
  });
});

describe('QA verdict contract', () => {
  it('accepts exactly {score: 0–100 integer, feedback: string}', () => {
    expect(parseQaVerdict('{"score":85,"feedback":"ok"}')).toEqual({ ok: true, score: 85, feedback: 'ok' });
    for (const bad of [
      '',
      'great, 95',
      '{"score":"95","feedback":"x"}',
      '{"score":101,"feedback":"x"}',
      '{"score":9.5,"feedback":"x"}',
      '{"score":90}',
      '{"score":90,"feedback":"x","extra":1}',
    ]) {
      const v = parseQaVerdict(bad);
      expect(v.ok, bad).toBe(false);
      expect(v.score).toBeNull();
      expect(v.feedback).toMatch(/^QA output unparsable/);
    }
  });
  it('best attempt: highest score, unparsable below any score, earliest on ties', () => {
    const a = (n: number, score: number | null) => ({ n, score, text: `t${n}`, feedback: '' });
    expect(bestAttempt([a(1, 50), a(2, 70), a(3, 70)])!.n).toBe(2);
    expect(bestAttempt([a(1, null), a(2, 0)])!.n).toBe(2);
    expect(bestAttempt([a(1, null), a(2, null)])!.n).toBe(1);
  });
});

describe('provider and Notion details', () => {
  it('reads Retry-After as seconds, HTTP date or retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }))).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1500' }))).toBe(1500);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfterMs(new Headers({ 'retry-after': '99999' }))).toBe(600_000);
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
  it('chunks long text at boundaries within 2000 characters', () => {
    const chunks = chunkText(`${'word '.repeat(1000)}\n\nshort`);
    expect(chunks.every((c) => c.length <= 2000)).toBe(true);
    expect(chunks.at(-1)).toBe('short');
    expect(chunks.join(' ').replace(/\s+/g, ' ')).toBe(`${'word '.repeat(1000)}short`.replace(/\s+/g, ' '));
  });
  it('encodes values by the real property type and skips what the type cannot hold', () => {
    expect(encodeProperty('status', 'Done')).toEqual({ status: { name: 'Done' } });
    expect(encodeProperty('select', 'Done')).toEqual({ select: { name: 'Done' } });
    expect(encodeProperty('number', 0.5)).toEqual({ number: 0.5 });
    expect(encodeProperty(undefined, 'x')).toBeUndefined();
    expect(encodeProperty('people', 'x')).toBeUndefined();
  });
});
