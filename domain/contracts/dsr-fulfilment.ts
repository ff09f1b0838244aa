// What the data-subject-request (DSR) workflow asks of the compliance activities.
// Shared by the DSR workflow (types only), the export/erasure/rectification activities and the API.
// Inputs carry the ticket id only: the person's email stays in the database, out of workflow histories.

export const DSR_TYPES = ['access', 'export', 'erasure', 'rectification'] as const;
export type DsrType = (typeof DSR_TYPES)[number];

/** The ticket a fulfilment works for; the activity looks the person up by it. */
export interface DsrSubjectRef {
  ticketId: string;
}

/** Finds the confirmed person behind a ticket (injected into the fulfilment activities). */
export type DsrSubjectLookup = (ticketId: string) => Promise<{ email: string } | undefined>;

/** Fields a rectification may correct, as the person asked and the operator approved. */
export interface RectificationChanges {
  name?: string;
  email?: string;
}

export interface ExportOutcome {
  exportId: string;
  files: number;
  bytes: number;
  /** Signed link (the delivery-link mechanism), valid 7 days. */
  downloadUrl: string;
  expiresAt: string;
}

export interface ErasureOutcome {
  /** What was deleted or anonymised, per place: counts only, no personal data. */
  erased: { place: string; count: number }[];
  /** What was kept for the legal retention period, with the person's identity replaced. */
  retained: { place: string; count: number; until: string }[];
  /** Client data keys destroyed (crypto-shredding of workflow histories). */
  keysDestroyed: number;
}

export interface RectificationOutcome {
  corrected: { place: string; fields: string[] }[];
}

export interface DsrFulfilmentActivities {
  exportSubjectData(input: DsrSubjectRef): Promise<ExportOutcome>;
  eraseSubjectData(input: DsrSubjectRef): Promise<ErasureOutcome>;
  rectifySubjectData(input: DsrSubjectRef & { changes: RectificationChanges }): Promise<RectificationOutcome>;
}
