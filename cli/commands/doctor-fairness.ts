import { probeFairness } from '../../infra/temporal/fairness-probe';
import { connectClient, type TemporalTarget } from '../../infra/temporal/connect';

export interface FairnessFinding {
  name: string;
  verdict: 'ok' | 'warn' | 'skip';
  detail: string;
  fix?: string;
}

const FIX =
  'start the server with dynamic config matching.useNewMatcher=true, matching.enableFairness=true and one ' +
  'partition per task queue (deploy/temporal-dynamic-config.yaml; the embedded dev server does this itself)';

/**
 * Doctor's view of Task Queue Fairness. No API reports it, so a short probe on a throw-away queue asks the
 * server itself. Without it the platform works the same, only one client's flood is served before others.
 */
export async function fairnessFinding(target: TemporalTarget): Promise<FairnessFinding> {
  try {
    const client = await connectClient(target, 2_000);
    try {
      const r = await probeFairness(client);
      return r.fair
        ? {
            name: 'task fairness',
            verdict: 'ok',
            detail: `served per client in turn (probe order ${r.order.join('')})`,
          }
        : {
            name: 'task fairness',
            verdict: 'warn',
            detail: `not honoured by the server (probe order ${r.order.join('')}): one client's flood delays the others`,
            fix: FIX,
          };
    } finally {
      await client.connection.close();
    }
  } catch (err) {
    return {
      name: 'task fairness',
      verdict: 'skip',
      detail: `not probed: ${(err as Error).message.split('\n')[0]!.slice(0, 160)}`,
    };
  }
}
