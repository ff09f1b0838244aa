import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/paths';
import { parseDockerfile, stageEnv, type Stage } from '../support/dockerfile';

// No Docker engine runs here, so the Dockerfile is parsed and checked as instructions, stage by stage.
const stages = parseDockerfile(readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8'));
const build = stages.find((s) => s.name === 'build')!;
const final = stages.at(-1)!;
const args = (s: Stage, op: string) => s.instructions.filter((i) => i.op === op).map((i) => i.args);
const last = (s: Stage, op: string) => args(s, op).at(-1);

describe('Dockerfile', () => {
  it('builds in a separate stage and runs on the same slim Node 20+ base', () => {
    expect(stages).toHaveLength(2);
    for (const s of stages) expect(s.from).toMatch(/^node:(\d+)-[a-z]+-slim$/);
    expect(Number(/^node:(\d+)/.exec(final.from)![1])).toBeGreaterThanOrEqual(20);
    expect(final.from).toBe(build.from);
  });

  it('installs exactly the lock file, builds the bundle and drops dev dependencies', () => {
    const runs = args(build, 'RUN');
    expect(runs[0]).toMatch(/^npm ci\b/);
    expect(runs.some((r) => /npm run build/.test(r) && /npm prune --omit=dev/.test(r))).toBe(true);
  });

  it('runs as the unprivileged node user with NODE_ENV=production', () => {
    expect(last(final, 'USER')).toBe('node');
    expect(stageEnv(final)).toMatchObject({ NODE_ENV: 'production', MALLOC_ARENA_MAX: '2' });
  });

  it('ships only the compiled build, and starts the compiled CLI as a worker unless told otherwise', () => {
    const copied = args(final, 'COPY').map((c) => c.split(/\s+/));
    expect(copied.every((c) => c[0] === '--from=build')).toBe(true);
    expect(copied.map((c) => c[1])).toEqual(
      expect.arrayContaining(['/app/dist', '/app/node_modules', '/app/bin', '/app/infra/db/migrations']),
    );
    expect(JSON.parse(last(final, 'ENTRYPOINT')!)).toEqual(['node', 'bin/echopilot.cjs']);
    expect(JSON.parse(last(final, 'CMD')!)).toEqual(['worker']);
    expect(last(final, 'EXPOSE')!.split(/\s+/)).toEqual(['5000', '9464']);
  });
});
