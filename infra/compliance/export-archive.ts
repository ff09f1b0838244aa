import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { toCsv } from './csv';
import type { SubjectData } from './subject-data';

export const EXPORT_FORMAT = 'echopilot-subject-export/1';
export const EXPORT_ZIP_NAME = 'export.zip';

export interface ManifestFile {
  name: string;
  bytes: number;
  sha256: string;
}

/** `manifest.json`: every other file of the zip with its size and SHA-256; counts, no personal data. */
export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  exportId: string;
  createdAt: string;
  tables: { name: string; rows: number }[];
  files: ManifestFile[];
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** `data.json` (every table) and one `csv/<table>.csv` per table. */
function exportFiles(data: SubjectData, exportId: string, createdAt: string): Record<string, Uint8Array> {
  const tables = Object.fromEntries(Object.entries(data.tables).map(([name, t]) => [name, t.rows]));
  const files: Record<string, Uint8Array> = {
    'data.json': strToU8(`${JSON.stringify({ format: EXPORT_FORMAT, exportId, createdAt, tables }, null, 2)}\n`),
  };
  for (const [name, t] of Object.entries(data.tables)) files[`csv/${name}.csv`] = strToU8(toCsv(t.columns, t.rows));
  return files;
}

/**
 * Builds the export zip and writes it, with a copy of its manifest, to `<exportsDir>/<exportId>/`
 * (written to a temporary name first, so a half-written zip is never served).
 */
export async function writeSubjectExport(
  exportsDir: string,
  exportId: string,
  data: SubjectData,
  now: Date,
): Promise<{ manifest: ExportManifest; zipPath: string; zipBytes: number }> {
  const createdAt = now.toISOString();
  const files = exportFiles(data, exportId, createdAt);
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    exportId,
    createdAt,
    tables: Object.entries(data.tables).map(([name, t]) => ({ name, rows: t.rows.length })),
    files: Object.entries(files).map(([name, b]) => ({ name, bytes: b.byteLength, sha256: sha256(b) })),
  };
  const manifestBytes = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);
  const zip = zipSync({ ...files, 'manifest.json': manifestBytes }, { level: 6, mtime: now });
  const dir = path.join(exportsDir, exportId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const zipPath = path.join(dir, EXPORT_ZIP_NAME);
  await writeFile(`${zipPath}.part`, zip, { mode: 0o600 });
  await rename(`${zipPath}.part`, zipPath);
  await writeFile(path.join(dir, 'manifest.json'), manifestBytes, { mode: 0o600 });
  return { manifest, zipPath, zipBytes: zip.byteLength };
}
