import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema } from '../../infra/config/env-schema';
import { PROJECT_ROOT } from '../../infra/paths';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
}

// No Docker engine runs here, so the compose file is checked as data: services, ports, env, order.
const compose = parse(readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const s = compose.services;

describe('docker-compose.yml', () => {
  it('has Temporal on PostgreSQL, its Web UI, the app database, the worker and the API', () => {
    expect(Object.keys(s).sort()).toEqual(['api', 'app-db', 'temporal', 'temporal-db', 'temporal-ui', 'worker']);
    expect(s.temporal!.image).toMatch(/^temporalio\/auto-setup:\d/);
    expect(s.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'temporal-db' });
    expect(s['temporal-ui']!.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' });
    expect(s['app-db']!.image).toMatch(/^postgres:/);
  });

  it('builds worker and API from this repo with the right commands and ports', () => {
    for (const name of ['worker', 'api']) expect(s[name]!.build).toBeTruthy();
    expect(s.worker!.command).toEqual(['worker']);
    expect(s.api!.command).toEqual(['api']);
    expect(s.api!.ports).toContain('127.0.0.1:5000:5000');
    expect(s.temporal!.ports).toContain('127.0.0.1:7233:7233');
    expect(s['temporal-ui']!.ports).toContain('127.0.0.1:8080:8080');
  });

  it('points the app at the compose Temporal and PostgreSQL with variables the config accepts', () => {
    for (const name of ['worker', 'api']) {
      const env = s[name]!.environment!;
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(String(env.DATABASE_URL)).toMatch(/^postgres:\/\/echopilot:.*@app-db:5432\/echopilot$/);
      expect(env.NODE_ENV).toBe('production');
      const known = Object.keys(envSchema.shape);
      for (const key of Object.keys(env)) expect(known).toContain(key);
    }
  });

  it('starts the app only after its database is healthy and Temporal is up', () => {
    for (const name of ['worker', 'api']) {
      expect(s[name]!.depends_on).toMatchObject({
        'app-db': { condition: 'service_healthy' },
        temporal: { condition: 'service_started' },
      });
    }
    expect(s.temporal!.depends_on).toMatchObject({ 'temporal-db': { condition: 'service_healthy' } });
    expect(s['app-db']!.healthcheck).toBeTruthy();
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['temporal-db', 'app-db']));
  });
});
