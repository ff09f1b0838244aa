import type { drive_v3 } from 'googleapis';

const FOLDER = 'application/vnd.google-apps.folder';
/** appProperties keys: private to this app, they find what a crashed attempt already made. */
const CLIENT_KEY = 'echopilotClientId';
const RESULT_KEY = 'echopilotResult';

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The few Drive operations delivery uses: a folder per client, one file per task result. */
export function createDriveFiles(drive: drive_v3.Drive, parentFolderId: string, rootUrl?: string) {
  // The SDK builds the upload address from the per-call rootUrl only (the client's own is not used there).
  const callOptions = rootUrl ? { rootUrl } : {};
  async function findOne(q: string): Promise<string | undefined> {
    const res = await drive.files.list({ q, fields: 'files(id)', pageSize: 1, spaces: 'drive' });
    return res.data.files?.[0]?.id ?? undefined;
  }

  return {
    /** The client's folder under the parent, found by its appProperties before one is made. */
    async ensureClientFolder(clientId: string, name: string): Promise<string> {
      const q = [
        `${quote(parentFolderId)} in parents`,
        `mimeType = ${quote(FOLDER)}`,
        `appProperties has { key=${quote(CLIENT_KEY)} and value=${quote(clientId)} }`,
        'trashed = false',
      ].join(' and ');
      const found = await findOne(q);
      if (found) return found;
      const res = await drive.files.create({
        requestBody: { name, mimeType: FOLDER, parents: [parentFolderId], appProperties: { [CLIENT_KEY]: clientId } },
        fields: 'id',
      });
      return res.data.id!;
    },

    /** The file of this result (`<taskId>#<run>`) in the folder, if an earlier attempt uploaded it. */
    async findResult(folderId: string, resultKey: string): Promise<string | undefined> {
      return findOne(
        [
          `${quote(folderId)} in parents`,
          `appProperties has { key=${quote(RESULT_KEY)} and value=${quote(resultKey)} }`,
          'trashed = false',
        ].join(' and '),
      );
    },

    async uploadResult(folderId: string, resultKey: string, name: string, markdown: string): Promise<string> {
      const res = await drive.files.create(
        {
          requestBody: {
            name,
            mimeType: 'text/markdown',
            parents: [folderId],
            appProperties: { [RESULT_KEY]: resultKey },
          },
          media: { mimeType: 'text/markdown', body: markdown },
          fields: 'id',
        },
        callOptions,
      );
      return res.data.id!;
    },
  };
}
export type DriveFiles = ReturnType<typeof createDriveFiles>;
