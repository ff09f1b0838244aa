// Lint rules that guard the architecture: deterministic workflows, no floating promises,
// one place that reads the environment, dependencies that point down and no import cycles.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Layers, lowest first: a folder may import from folders below it, never from those above. */
const forbidden = (folders, why) => folders.map((f) => ({ regex: `^(\\.\\./)+${f}(/|$)`, message: why }));
const boundaries = {
  domain: forbidden(
    ['infra', 'activities', 'workflows', 'api', 'cli', 'schedules', 'worker'],
    'domain/ is the bottom layer: pure types and rules, no imports from other folders.',
  ),
  infra: forbidden(
    ['activities', 'workflows', 'api', 'cli', 'schedules', 'worker'],
    'infra/ is I/O below the application: it may import domain/ only.',
  ),
  activities: forbidden(
    ['workflows', 'api', 'cli', 'schedules', 'worker'],
    'Activities sit on infra/ and domain/; shared contracts live in domain/contracts.',
  ),
  schedules: forbidden(
    ['activities', 'workflows', 'api', 'cli', 'worker'],
    'Schedules name workflow types as strings; they import domain/ and infra/ only.',
  ),
  api: forbidden(
    ['activities', 'cli', 'worker'],
    'The API starts and signals workflows through domain/contracts; composition lives in cli/.',
  ),
  worker: forbidden(['api', 'cli'], 'The worker is composed by cli/; it does not import it.'),
};
const boundaryRule = (folder) => ({
  files: [`${folder}/**/*.ts`],
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: boundaries[folder] }] },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', '.tools/', 'coverage/', 'infra/db/migrations/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Type-aware rules: they catch unsafe `any`, unhandled promises and non-exhaustive switches that the
  // syntax-only set cannot see.
  ...tseslint.configs.recommendedTypeCheckedOnly.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration from the Config passed down (infra/config); only cli/boot.ts reads process.env.',
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['test/**', 'bench/**', 'scripts/**'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  boundaryRule('infra'),
  boundaryRule('activities'),
  boundaryRule('schedules'),
  boundaryRule('api'),
  boundaryRule('worker'),
  {
    // Workflow code is replayed: it must be deterministic and free of I/O.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'No Node built-ins in workflow code.' })),
          patterns: [
            { group: ['**/infra/**', '**/infra'], message: 'Workflows may not import infra (I/O).' },
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Import only types of activities (proxyActivities<Activities>).',
            },
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
              message: 'Not usable inside workflow code.',
            },
            ...forbidden(
              ['api', 'cli', 'schedules', 'worker'],
              'Workflows import domain/ (and types of activities) only.',
            ),
          ],
        },
      ],
    },
  },
  {
    // Workflow and domain code run inside the replayed sandbox: no clock, randomness or environment.
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'Use workflow time from activities or workflowInfo(); no Date.now() in workflows.',
        },
        { object: 'process', property: 'env', message: 'No environment reads in workflows.' },
        { object: 'Math', property: 'random', message: 'Use uuid4() from @temporalio/workflow.' },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'No Node built-ins in domain code.' })),
          patterns: [
            ...boundaries.domain,
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
              message: 'domain/ is shared with workflow code.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests hand activity functions to MockActivityEnvironment.run() unbound, exactly as the Worker
    // receives them, and vitest types its asymmetric matchers (expect.any, expect.stringContaining) as any.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off', '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // The composition root and tooling are allowed to read the environment.
    files: ['cli/boot.ts', 'cli/main.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'vitest.config.mts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
