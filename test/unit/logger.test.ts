import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../infra/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('writes structured JSON and scrubs configured secret values wherever they appear', () => {
    const { lines, destination } = capture();
    const secret = 'sk_test_supersecret123';
    const log = createLogger({ level: 'info', secrets: [secret], destination });
    log.info(
      { workflowId: 'task-1', url: `https://x/?key=${secret}`, nested: { note: `key ${secret}` } },
      `calling with ${secret}`,
    );
    log.error({ err: new Error(`failed with ${secret}`) }, 'boom');
    const text = lines.join('');
    expect(text).not.toContain(secret);
    const first = JSON.parse(lines[0]!) as { nested: { note: string } };
    expect(first).toMatchObject({ workflowId: 'task-1', msg: 'calling with [REDACTED]', level: 30 });
    expect(first.nested.note).toBe('key [REDACTED]');
  });

  it('redacts secret-named fields even when their value is not a known secret', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', secrets: [], destination });
    log.info({ headers: { 'x-dash-key': 'whatever-key', authorization: 'Bearer abc' }, apiKey: 'k' }, 'req');
    const obj = JSON.parse(lines[0]!) as { headers: Record<string, string>; apiKey: string };
    expect(obj.headers['x-dash-key']).toBe('[REDACTED]');
    expect(obj.headers.authorization).toBe('[REDACTED]');
    expect(obj.apiKey).toBe('[REDACTED]');
  });
});
