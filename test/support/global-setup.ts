import type { TestProject } from 'vitest/node';
import { bundleWorkflowCode } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { DEV_SERVER_DYNAMIC_CONFIG } from '../../infra/temporal/dev-server';
import { findTemporalCli, TEMPORAL_INSTALL_HINT } from '../../infra/temporal/temporal-cli';
import { WORKFLOW_BUNDLE_OPTIONS, WORKFLOWS_PATH } from '../../worker/create-worker';
import { captureHistories } from './history-capture';
import { startStripeMock } from './stripe-mock';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundleCode: string;
    stripeMockUrl: string;
  }
}

/** One real Temporal dev server for the whole run (the installed CLI, never a download). */
export default async function setup(project: TestProject) {
  const cli = findTemporalCli(process.env.TEMPORAL_CLI_PATH, process.env.PATH ?? '');
  if (!cli) throw new Error(TEMPORAL_INSTALL_HINT);
  const [env, bundle, stripeMock] = await Promise.all([
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: cli },
        searchAttributes: CUSTOM_SEARCH_ATTRIBUTES,
        // Priority and fairness need the new matcher (as the embedded server of `echopilot start`).
        extraArgs: [
          '--log-level',
          'error',
          ...Object.entries(DEV_SERVER_DYNAMIC_CONFIG).flatMap(([k, v]) => [
            '--dynamic-config-value',
            `${k}=${JSON.stringify(v)}`,
          ]),
        ],
      },
    }),
    bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      ...WORKFLOW_BUNDLE_OPTIONS,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
    }),
    startStripeMock(), // every Stripe SDK call in tests goes to this stripe-mock
  ]);
  project.provide('temporalAddress', env.address);
  project.provide('workflowBundleCode', bundle.code);
  project.provide('stripeMockUrl', stripeMock.url);
  return async () => {
    // `npm run histories:refresh`: keep one history per replay fixture from the runs this test run made.
    const captureDir = process.env.HISTORIES_CAPTURE_DIR;
    if (captureDir) console.log(`histories captured: ${(await captureHistories(env.address, captureDir)).join(', ')}`);
    await Promise.all([env.teardown(), stripeMock.stop()]);
  };
}
