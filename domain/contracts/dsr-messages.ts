import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DsrType, RectificationChanges } from './dsr-fulfilment';

// Signal/update/query definitions of the DSR workflow (`dsr-<ticketId>`), shared by the API and the
// workflow so a name never drifts between sender and receiver. No message carries the person's email.

export const DSR_STATUSES = [
  'awaiting_confirmation',
  'confirmed',
  'approved',
  'rejected',
  'closed',
  'expired',
  'failed',
] as const;
export type DsrStatus = (typeof DSR_STATUSES)[number];

/** Start input: the ticket id, its type and durations (from config) only; never the email. */
export interface DsrWorkflowInput {
  ticketId: string;
  type: DsrType;
  /** An unconfirmed ticket expires this long after it was opened. */
  confirmTtlMs: number;
  /** The response deadline counted from the identity confirmation (GDPR Art. 12(3): one month). */
  slaMs: number;
  /** The operator reminder this long after the confirmation (none when it is not before the deadline). */
  reminderMs: number;
}

/** `actor` is the operator key's fingerprint (`key:…`), never a person. */
export type DsrDecision =
  | { decision: 'approve'; actor: string; changes?: RectificationChanges }
  | { decision: 'reject'; actor: string; reason: string };

export interface DsrExtension {
  extendByMs: number;
  reason: string;
  actor: string;
}

/** One deadline extension (GDPR Art. 12(3)): by how much, why, and by whom. */
export interface DsrExtensionRecord {
  byMs: number;
  reason: string;
  actor: string;
  at: string;
  /** The workflow update that applied it, so a retried activity never adds it twice. */
  key?: string;
}

/** What was done when the ticket closed: outcome, counts and links only (no personal data beyond the ticket's). */
export interface DsrClosureRecord {
  outcome: 'fulfilled' | 'rejected' | 'expired' | 'failed';
  summary: string;
  result?: Record<string, unknown>;
}

/** What the workflow answers about itself (the ticket row holds the rest). */
export interface DsrProgress {
  ticketId: string;
  type: DsrType;
  status: DsrStatus;
  reminderSent: boolean;
  deadlineAlerted: boolean;
}

/** The confirm route, after checking the signed link the person received. */
export const dsrConfirmed = defineSignal('dsrConfirmed');
/** Approve or reject; refused (validator) unless the ticket is confirmed and not decided yet. */
export const dsrDecide = defineUpdate<DsrProgress, [DsrDecision]>('dsrDecide');
/** Extends the deadline; answers the new deadline (ISO). Refused unless confirmed and not decided. */
export const dsrExtend = defineUpdate<{ slaDueAt: string }, [DsrExtension]>('dsrExtend');
export const dsrProgress = defineQuery<DsrProgress>('dsrProgress');

/** Failure type of an update refused because of the ticket's state (the API answers 409). */
export const DSR_STATE_CONFLICT = 'dsr_state_conflict';
