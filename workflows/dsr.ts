import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  currentUpdateInfo,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createDsrActivities } from '../activities/dsr-activities';
import type { DsrFulfilmentActivities } from '../domain/contracts/dsr-fulfilment';
import {
  DSR_STATE_CONFLICT,
  dsrConfirmed,
  dsrDecide,
  dsrExtend,
  dsrProgress,
  type DsrDecision,
  type DsrExtension,
  type DsrProgress,
  type DsrStatus,
  type DsrWorkflowInput,
} from '../domain/contracts/dsr-messages';
import type { DsrClosureRecord } from '../domain/contracts/dsr-messages';
import { failureInfo } from './failure';

type DsrActivities = ReturnType<typeof createDsrActivities>;

// Ticket writes and alerts: retried until they succeed (a ticket must never lose a step).
const acts = proxyActivities<DsrActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '10 minutes' },
});
// Mail to the person: bounded; a mail outage must not hold the ticket.
const mail = proxyActivities<DsrActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 8, initialInterval: '5 seconds', backoffCoefficient: 2 },
});
// Fulfilment (the contract's three activities): bounded, then the ticket closes as failed and alerts.
const fulfil = proxyActivities<DsrFulfilmentActivities>({
  startToCloseTimeout: '30 minutes',
  retry: { maximumAttempts: 5, initialInterval: '10 seconds', backoffCoefficient: 2 },
});

async function fulfilment(input: DsrWorkflowInput, d: DsrDecision): Promise<DsrClosureRecord> {
  const ref = { ticketId: input.ticketId };
  if (input.type === 'access' || input.type === 'export') {
    const r = await fulfil.exportSubjectData(ref);
    return { outcome: 'fulfilled', summary: `export ${r.exportId}: ${r.files} files`, result: { ...r } };
  }
  if (input.type === 'erasure') {
    const r = await fulfil.eraseSubjectData(ref);
    return { outcome: 'fulfilled', summary: 'personal data erased or anonymised', result: { ...r } };
  }
  const changes = d.decision === 'approve' ? (d.changes ?? {}) : {};
  const r = await fulfil.rectifySubjectData({ ...ref, changes });
  return { outcome: 'fulfilled', summary: 'personal data corrected', result: { ...r } };
}

/**
 * One data subject request (id `dsr-<ticketId>`): identity confirmation by the signed link mailed to the
 * person (signal; unconfirmed → expired after confirmTtlMs), then the SLA counted from the confirmation
 * with an operator reminder and a deadline alert (extensions move the deadline), the operator's decision
 * (update), fulfilment through the contract's activities, closure with its record and the person told.
 */
export async function dsrWorkflow(input: DsrWorkflowInput): Promise<DsrProgress> {
  const { ticketId } = input;
  let status: DsrStatus = 'awaiting_confirmation';
  let confirmed = false;
  let finished = false;
  let decision: DsrDecision | undefined;
  let reminderSent = false;
  let deadlineAlerted = false;
  let extensions = 0;
  let msLeft = input.slaMs;
  let slaDueAt: string | undefined;
  const progress = (): DsrProgress => ({ ticketId, type: input.type, status, reminderSent, deadlineAlerted });
  // `confirmed` too: an update may arrive in the same activation as the confirmation's activity result.
  const mustBeConfirmed = () => {
    if (confirmed && !decision && (status === 'confirmed' || status === 'awaiting_confirmation')) return;
    const why = status === 'awaiting_confirmation' ? 'is not confirmed yet' : `is ${status}`;
    throw ApplicationFailure.create({ type: DSR_STATE_CONFLICT, message: `the ticket ${why}`, nonRetryable: true });
  };

  setHandler(dsrConfirmed, () => void (confirmed = true));
  setHandler(dsrProgress, progress);
  setHandler(
    dsrDecide,
    (d) => {
      decision = d;
      status = d.decision === 'approve' ? 'approved' : 'rejected';
      return progress();
    },
    { validator: (_d: DsrDecision) => mustBeConfirmed() },
  );
  setHandler(
    dsrExtend,
    async (e) => {
      const key = currentUpdateInfo()?.id ?? `ext-${extensions}`;
      await condition(() => slaDueAt !== undefined); // the confirmation's deadline first, then this extension
      const r = await acts.extendDsrTicket({ ticketId, ...e, key });
      msLeft = r.msLeft;
      slaDueAt = r.slaDueAt;
      extensions++;
      return { slaDueAt: r.slaDueAt };
    },
    { validator: (_e: DsrExtension) => mustBeConfirmed() },
  );

  await mail.sendDsrConfirmation(ticketId).catch(() => 'failed'); // the ticket still expires on time
  if (!(await condition(() => confirmed, input.confirmTtlMs))) {
    status = 'expired';
    const closure: DsrClosureRecord = { outcome: 'expired', summary: 'identity not confirmed in time; nothing done' };
    await acts.closeDsrTicket({ ticketId, status, closure });
    await condition(allHandlersFinished);
    return progress();
  }
  slaDueAt = (await acts.confirmDsrTicket({ ticketId, slaMs: input.slaMs })).slaDueAt;
  if (!decision) status = 'confirmed';

  const reminder = async () => {
    if (input.reminderMs >= input.slaMs || (await condition(() => finished, input.reminderMs))) return;
    await acts.dsrSlaAlert({ ticketId, kind: 'reminder', slaDueAt });
    reminderSent = true;
  };
  const deadline = async () => {
    while (!finished) {
      const seen = extensions;
      if (await condition(() => finished || extensions !== seen, msLeft)) continue;
      await acts.dsrSlaAlert({ ticketId, kind: 'deadline', slaDueAt });
      deadlineAlerted = true;
      await condition(() => finished || extensions !== seen); // an extension restarts the watch
    }
  };
  const watchers = Promise.all([reminder(), deadline()]);

  await condition(() => decision !== undefined);
  const d = decision!;
  await acts.recordDsrDecision({
    ticketId,
    decision: d.decision,
    reason: d.decision === 'reject' ? d.reason : undefined,
    actor: d.actor,
  });
  let closure: DsrClosureRecord;
  if (d.decision === 'reject') {
    closure = { outcome: 'rejected', summary: 'request declined by the operator' };
  } else {
    try {
      closure = await fulfilment(input, d);
      status = 'closed';
    } catch (err) {
      closure = { outcome: 'failed', summary: `fulfilment failed: ${failureInfo(err).message}` };
      status = 'failed';
    }
  }
  await acts.closeDsrTicket({ ticketId, status, closure });
  finished = true;
  await watchers;
  await mail.notifyDsrClosed(ticketId).catch(() => 'failed');
  await condition(allHandlersFinished);
  return progress();
}
