import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_OPTIONS, WORKFLOWS_PATH } from '../../worker/create-worker';

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };

/**
 * The workflow bundle exactly as the worker builds it, except that in `file` (a path under workflows/)
 * the text `from` is replaced by `to`: a stand-in for "the same workflows with one change", be it an
 * older version of the code or a change that breaks determinism.
 */
export async function alteredWorkflowBundle(file: string, from: string, to: string): Promise<string> {
  const target = path.resolve(WORKFLOWS_PATH, '..', file);
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    ...WORKFLOW_BUNDLE_OPTIONS,
    logger: quiet,
    webpackConfigHook: (config) => {
      config.module ??= {};
      config.module.rules = [
        {
          test: (p: string) => p === target,
          enforce: 'pre',
          use: [{ loader: path.join(__dirname, 'replace-loader.cjs'), options: { from, to } }],
        },
        ...(config.module.rules ?? []),
      ];
      return config;
    },
  });
  return code;
}
