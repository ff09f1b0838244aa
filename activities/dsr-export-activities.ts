import { ApplicationFailure } from '@temporalio/activity';
import type { DsrSubjectLookup, DsrSubjectRef, ExportOutcome } from '../domain/contracts/dsr-fulfilment';
import type { SubjectExport } from '../infra/compliance/subject-export';

export interface DsrExportActivityDeps {
  dsr: { exports: SubjectExport; lookupDsrSubject: DsrSubjectLookup };
}

/** The export id of a ticket's export: one per ticket, so a retried activity rewrites the same folder. */
export const ticketExportId = (ticketId: string) => `exp_${ticketId.replace(/^dsr_/, '')}`;

/** Access (Art. 15) and portability (Art. 20): everything held about the ticket's confirmed person. */
export function createDsrExportActivities(deps: DsrExportActivityDeps) {
  return {
    async exportSubjectData({ ticketId }: DsrSubjectRef): Promise<ExportOutcome> {
      const subject = await deps.dsr.lookupDsrSubject(ticketId);
      if (!subject) throw ApplicationFailure.nonRetryable('the ticket is not confirmed', 'dsr_not_confirmed');
      if (!deps.dsr.exports.configured())
        throw ApplicationFailure.nonRetryable('export links need SESSION_SECRET', 'dsr_links_unconfigured');
      const r = await deps.dsr.exports.run({ email: subject.email }, ticketExportId(ticketId));
      return {
        exportId: r.exportId,
        files: r.manifest.files.length + 1, // and manifest.json itself
        bytes: r.zipBytes,
        downloadUrl: r.downloadUrl,
        expiresAt: r.expiresAt,
      };
    },
  };
}
