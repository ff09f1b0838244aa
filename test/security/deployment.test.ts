import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../infra/config/load-config';
import { PROJECT_ROOT } from '../../infra/paths';

interface Service {
  ports?: (string | { host_ip?: string; published?: string | number })[];
  environment?: Record<string, string | number>;
}
const read = (file: string) => readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
const composeText = read('docker-compose.yml');
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, Service>;
  'x-app': { env_file: { path: string; required: boolean }[] };
};

/** Every `${NAME…}` interpolation of the compose file, with what follows the name. */
const interpolations = [...composeText.matchAll(/\$\{([A-Z0-9_]+)([^}]*)\}/g)].map((m) => ({
  name: m[1]!,
  rest: m[2]!,
}));

describe('deployment files (docker-compose.yml, Dockerfile, .dockerignore, .env.example)', () => {
  it('#3 docker-compose publishes every port on the host loopback only', () => {
    const published = Object.entries(compose.services).flatMap(([name, svc]) =>
      (svc.ports ?? []).map((p) => ({ name, p })),
    );
    expect(published.map((x) => x.name).sort()).toEqual(['api', 'temporal', 'temporal-ui', 'worker']);
    for (const { name, p } of published) {
      const hostIp = typeof p === 'string' ? (p.split(':').length === 3 ? p.split(':')[0] : undefined) : p.host_ip;
      expect(hostIp, `${name} publishes ${JSON.stringify(p)}`).toBe('127.0.0.1');
    }
  });

  it('#3 database passwords and the dashboard key come from a required .env, with no working default', () => {
    for (const name of ['APP_DB_PASSWORD', 'TEMPORAL_DB_PASSWORD', 'DASHBOARD_KEY']) {
      const uses = interpolations.filter((i) => i.name === name);
      expect(uses.length, name).toBeGreaterThan(0);
      for (const use of uses) expect(use.rest, `${name} must be \${${name}:?…}`).toMatch(/^:\?/);
    }
    expect(composeText).not.toMatch(/PASSWORD: (temporal|echopilot)\b/);
    expect(compose['x-app'].env_file).toEqual([{ path: '.env', required: true }]);
    const example = read('.env.example');
    for (const name of ['APP_DB_PASSWORD', 'TEMPORAL_DB_PASSWORD', 'DASHBOARD_KEY'])
      expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
  });

  it('#3 the Temporal Web UI is read-only unless the operator opts in', () => {
    expect(String(compose.services['temporal-ui']!.environment!.TEMPORAL_DISABLE_WRITE_ACTIONS)).toBe(
      '${TEMPORAL_UI_DISABLE_WRITE_ACTIONS:-true}',
    );
  });

  it('#22 .dockerignore keeps .env (and its variants) out of the build context, not the example', () => {
    const lines = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    expect(lines).toContain('.env');
    expect(lines).toContain('.env.*');
    expect(lines).toContain('!.env.example');
  });

  it('#23 the API binds 127.0.0.1 by default; only the container image listens on every interface', () => {
    expect(loadConfig({}).http.host).toBe('127.0.0.1');
    const dockerfile = read('Dockerfile');
    const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtimeStage).toMatch(/^ENV HOST=0\.0\.0\.0$/m);
    expect(runtimeStage).toMatch(/chmod 700 \/app\/data/);
  });
});
