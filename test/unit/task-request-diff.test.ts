import { describe, expect, it } from 'vitest';
import { taskRequestDiff } from '../../domain/task-request-diff';

const base = { title: 't', prompt: 'p', clientId: 'c', type: 'media', mediaUrl: 'https://x/a.wav' };

describe('#16 taskRequestDiff', () => {
  it('#16 names every differing field by its API name, nothing for the same request', () => {
    expect(taskRequestDiff(base, { ...base })).toEqual([]);
    expect(taskRequestDiff(base, { ...base, clientId: null, type: 'text', mediaUrl: null })).toEqual([
      'clientId',
      'type',
      'media.url',
    ]);
    expect(taskRequestDiff(base, { ...base, prompt: 'P' })).toEqual(['prompt']);
  });
});
