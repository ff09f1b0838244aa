// Lint rules that guard the architecture: deterministic workflows, no floating promises,
// one place that reads the environment.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', '.tools/', 'coverage/', 'infra/db/migrations/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration from the Config passed down (infra/config); only cli/boot.ts reads process.env.' }],
    },
  },
  {
    // Workflow code is replayed: it must be deterministic and free of I/O.
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'No Node built-ins in workflow or domain code.' })),
          patterns: [
            { group: ['**/infra/**', '**/infra'], message: 'Workflows and domain code may not import infra (I/O).' },
            { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'Import only types of activities (proxyActivities<Activities>).' },
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Not usable inside workflow code.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use workflow time from activities or workflowInfo(); no Date.now() in workflows.' },
        { object: 'process', property: 'env', message: 'No environment reads in workflows.' },
        { object: 'Math', property: 'random', message: 'Use uuid4() from @temporalio/workflow.' },
      ],
    },
  },
  {
    // The composition root and tooling are allowed to read the environment.
    files: ['cli/boot.ts', 'cli/main.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'vitest.config.mts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
