import { ApplicationFailure } from '@temporalio/common';
import type {
  DsrFulfilmentActivities,
  DsrSubjectLookup,
  DsrSubjectRef,
  RectificationChanges,
} from '../domain/contracts/dsr-fulfilment';
import { DSR_SUBJECT_NOT_FOUND } from '../domain/dsr-fulfilment-rules';
import type { ErasureService } from '../infra/compliance/erasure-service';
import type { RectificationService } from '../infra/compliance/rectification-service';

export interface ErasureActivityDeps {
  /** Finds the confirmed person behind a DSR ticket (the DSR ticket repository). */
  lookupDsrSubject: DsrSubjectLookup;
  compliance: { erasure: ErasureService; rectification: RectificationService };
}

/**
 * The erasure and rectification steps of the DSR workflow. Inputs carry the ticket id only; the email
 * is looked up here, so it never enters a workflow history, and outcomes carry counts and field names.
 */
export function createErasureActivities(deps: ErasureActivityDeps) {
  async function subjectOf(ticketId: string): Promise<string> {
    const subject = await deps.lookupDsrSubject(ticketId);
    if (subject) return subject.email;
    // No retry can make a person appear behind the ticket; the message names the ticket, never an address.
    throw ApplicationFailure.create({
      type: DSR_SUBJECT_NOT_FOUND,
      message: `DSR ticket ${ticketId} names no confirmed person: nothing to erase or correct`,
      nonRetryable: true,
    });
  }

  const activities: Pick<DsrFulfilmentActivities, 'eraseSubjectData' | 'rectifySubjectData'> = {
    /** Erasure (Art. 17) of everything held about the ticket's person; repeating it reports the same. */
    async eraseSubjectData({ ticketId }: DsrSubjectRef) {
      return deps.compliance.erasure.erase(ticketId, await subjectOf(ticketId));
    },
    /** Rectification (Art. 16) of the name and/or email, as the operator approved. */
    async rectifySubjectData({ ticketId, changes }: DsrSubjectRef & { changes: RectificationChanges }) {
      return deps.compliance.rectification.rectify(ticketId, await subjectOf(ticketId), changes);
    },
  };
  return activities;
}
export type ErasureActivities = ReturnType<typeof createErasureActivities>;
