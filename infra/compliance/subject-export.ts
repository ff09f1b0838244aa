import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Db } from '../db/open-database';
import { EXPORT_LINK_TTL_MS, type DsrLinks } from './dsr-links';
import { EXPORT_ZIP_NAME, writeSubjectExport, type ExportManifest } from './export-archive';
import { collectSubjectData, type SubjectKey } from './subject-data';

const EXPORT_ID = /^exp_[a-z0-9]{16,40}$/;
export const isExportId = (id: string) => EXPORT_ID.test(id);
export const newExportId = () => `exp_${randomBytes(12).toString('hex')}`;

export interface SubjectExportResult {
  exportId: string;
  manifest: ExportManifest;
  zipBytes: number;
  /** Signed download link (7 days). */
  downloadUrl: string;
  expiresAt: string;
  /** Client records found (0: the person is known only by other rows, or not at all). */
  clients: number;
}

/** Access/portability exports (GDPR Art. 15/20) written under `DATA_DIR/exports/<exportId>/`. */
export function createSubjectExport(opts: { db: Db; dataDir: string; links: DsrLinks; now?: () => Date }) {
  const exportsDir = path.join(opts.dataDir, 'exports');
  const now = opts.now ?? (() => new Date());
  return {
    configured: () => opts.links.configured,
    /** Collects, zips and signs; the same `exportId` rewrites the same folder (a retried activity). */
    async run(key: SubjectKey, exportId = newExportId()): Promise<SubjectExportResult> {
      if (!isExportId(exportId)) throw new Error('not an export id');
      const data = await collectSubjectData(opts.db, key);
      const at = now();
      const { manifest, zipBytes } = await writeSubjectExport(exportsDir, exportId, data, at);
      const expiresAt = new Date(at.getTime() + EXPORT_LINK_TTL_MS);
      return {
        exportId,
        manifest,
        zipBytes,
        downloadUrl: opts.links.exportUrl(exportId, expiresAt),
        expiresAt: expiresAt.toISOString(),
        clients: data.subject.clientIds.length,
      };
    },
    /** Where an export's zip lives; undefined for anything that is not an export id. */
    zipPath: (exportId: string) =>
      isExportId(exportId) ? path.join(exportsDir, exportId, EXPORT_ZIP_NAME) : undefined,
  };
}
export type SubjectExport = ReturnType<typeof createSubjectExport>;
