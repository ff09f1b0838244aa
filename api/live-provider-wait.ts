import type { Client } from '@temporalio/client';
import { providerWait, type ProviderWait } from '../infra/temporal/provider-wait';
import { isTemporalUnavailable, TemporalTooSlowError, withinMs } from './temporal-deadline';

/** Temporal down, the SDK retries a call for about ten seconds; the view waits this long for the phase. */
const PHASE_DEADLINE_MS = 2_000;

/**
 * A running task's provider wait, for its view. The view itself comes from the ledger; the phase is live
 * detail from Temporal. With Temporal down the view still answers, without the phase, rather than the
 * whole request failing with 503 after the SDK's retries.
 */
export async function liveWait(client: Client, workflowId: string): Promise<ProviderWait | undefined> {
  try {
    return await withinMs(client, PHASE_DEADLINE_MS, () => providerWait(client, workflowId));
  } catch (err) {
    if (err instanceof TemporalTooSlowError || isTemporalUnavailable(err)) return undefined;
    throw err;
  }
}
