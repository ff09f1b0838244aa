import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envSchema, SECRET_ENV_KEYS } from '../../infra/config/env-schema';
import { PROJECT_ROOT } from '../../infra/paths';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

/**
 * README.md is the operator guide; these checks keep it from drifting away from the code:
 * every env variable with its real default, and every HTTP route the app really serves.
 */
const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

/** The text under `heading` (e.g. `## Configuration`) up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const level = heading.indexOf(' ');
  const lines = readme.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`README has no "${heading}" heading`);
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(' ') <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

interface EnvRow {
  secret: boolean;
  defaultCell: string;
}

/** `| \`NAME\` 🔒 | default | meaning |` rows of the Configuration tables. */
function envRows(): Map<string, EnvRow> {
  const rows = new Map<string, EnvRow>();
  for (const line of section('## Configuration').split('\n')) {
    const m = /^\| `([A-Z][A-Z0-9_]*)`( 🔒)? \| ([^|]*) \|/.exec(line);
    if (!m) continue;
    if (rows.has(m[1]!)) throw new Error(`${m[1]} has two rows in README Configuration`);
    rows.set(m[1]!, { secret: !!m[2], defaultCell: m[3]!.trim() });
  }
  return rows;
}

describe('README Configuration', () => {
  const rows = envRows();
  const schemaKeys = Object.keys(envSchema.shape);

  it('has a row for every variable envSchema parses, and none it does not', () => {
    expect(schemaKeys.filter((k) => !rows.has(k))).toEqual([]);
    expect([...rows.keys()].filter((k) => !schemaKeys.includes(k))).toEqual([]);
  });

  it("shows each variable's schema default in its Default column", () => {
    const defaults = envSchema.parse({}) as Record<string, unknown>;
    const wrong = schemaKeys
      .filter((k) => defaults[k] !== undefined)
      .filter((k) => !rows.get(k)?.defaultCell.includes(`\`${String(defaults[k])}\``))
      .map((k) => `${k}: README says "${rows.get(k)?.defaultCell}", schema default is ${String(defaults[k])}`);
    expect(wrong).toEqual([]);
  });

  it('marks exactly the secret variables with 🔒', () => {
    const marked = [...rows]
      .filter(([, r]) => r.secret)
      .map(([k]) => k)
      .sort();
    expect(marked).toEqual([...SECRET_ENV_KEYS].sort());
  });
});

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

describe('README HTTP API', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p.close());

  /**
   * `METHOD path` of every route the real createApp serves. Each path also carries 405 handlers for the
   * other methods (api/method-guard.ts); a request without credentials tells them apart: a real route
   * answers 401/429 (admin) or its own 2xx/4xx/503, a guard answers 405.
   */
  async function servedRoutes(): Promise<string[]> {
    const registered = new Set(
      p.app.routes.filter((r) => (METHODS as readonly string[]).includes(r.method)).map((r) => `${r.method} ${r.path}`),
    );
    const served: string[] = [];
    for (const route of registered) {
      const [method, routePath] = route.split(' ') as [string, string];
      const concrete = routePath.replace(/:\w+/g, 'readme-probe');
      const res = await p.app.request(concrete, { method, headers: { 'X-Forwarded-For': '198.51.100.7' } });
      expect(res.status, `${route} is not routed`).not.toBe(404);
      if (res.status !== 405) served.push(route);
    }
    return served.sort();
  }

  /** First cells of the HTTP API tables: `| \`GET /health\` | … |`. */
  function documentedRoutes(): string[] {
    const out: string[] = [];
    for (const line of section('### HTTP API').split('\n')) {
      const m = /^\| `((?:GET|POST|PUT|PATCH|DELETE) \/[^`\s]*)` \|/.exec(line);
      if (m) out.push(m[1]!);
    }
    return out.sort();
  }

  it('lists exactly the routes createApp serves, each with its method', async () => {
    const served = await servedRoutes();
    const documented = documentedRoutes();
    expect(served.length).toBeGreaterThan(0);
    expect(
      served.filter((r) => !documented.includes(r)),
      'served but missing from README',
    ).toEqual([]);
    expect(
      documented.filter((r) => !served.includes(r)),
      'in README but not served',
    ).toEqual([]);
    expect(new Set(documented).size, 'a route is listed twice').toBe(documented.length);
  });
});
