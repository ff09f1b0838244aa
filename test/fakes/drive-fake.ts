import { randomUUID, verify, type KeyObject } from 'node:crypto';
import { startHttpFake, type FakeRequest, type FakeResponse } from './http-fake';

export interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  appProperties: Record<string, string>;
  content?: string;
}

export interface DriveFake {
  url: string;
  /** Where the auth library is sent for the service-account JWT exchange. */
  tokenUrl: string;
  files: DriveFile[];
  /** Every request: method, path (token, list, create, upload). */
  requests: { method: string; path: string }[];
  /** The next upload is stored but answered 503, as when the answer is lost on the way back. */
  loseNextUploadAnswer(): void;
  close(): Promise<void>;
}

const b64url = (s: string) => Buffer.from(s, 'base64url');
const fail = (status: number, message: string): FakeResponse => ({
  status,
  body: { error: { code: status, message } },
});

/** The JWT bearer grant: RS256 signature by the service account's key, issuer, audience and scope checked. */
function exchange(req: FakeRequest, publicKey: KeyObject, clientEmail: string, token: string): FakeResponse {
  const form = new URLSearchParams(req.body.toString('utf8'));
  if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
    return fail(400, 'unsupported_grant_type');
  const [head, claims, sig] = (form.get('assertion') ?? '').split('.');
  if (!head || !claims || !sig) return fail(400, 'invalid_grant');
  if (!verify('RSA-SHA256', Buffer.from(`${head}.${claims}`), publicKey, b64url(sig)))
    return fail(400, 'invalid_grant');
  const c = JSON.parse(b64url(claims).toString('utf8')) as { iss?: string; scope?: string; aud?: string };
  if (c.iss !== clientEmail || !c.scope?.includes('drive') || !c.aud) return fail(400, 'invalid_grant');
  return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: 3600 } };
}

/** Drive's `q` as the platform writes it: parents, mimeType, one appProperties pair, trashed. */
function matches(f: DriveFile, q: string): boolean {
  const parent = /'([^']+)' in parents/.exec(q)?.[1];
  const mime = /mimeType = '([^']+)'/.exec(q)?.[1];
  const prop = /appProperties has \{ key='([^']+)' and value='([^']+)' \}/.exec(q);
  return (
    (!parent || f.parents.includes(parent)) &&
    (!mime || f.mimeType === mime) &&
    (!prop || f.appProperties[prop[1]!] === prop[2])
  );
}

/** multipart/related upload: the JSON metadata part, then the media part. */
function multipart(req: FakeRequest): { meta: Partial<DriveFile>; content: string } {
  const boundary = /boundary=("?)([^";]+)\1/.exec(String(req.headers['content-type']))?.[2];
  if (!boundary) throw new Error('multipart upload without a boundary');
  const parts = req.body
    .toString('utf8')
    .split(`--${boundary}`)
    .map((p) => p.split(/\r\n\r\n/))
    .filter((p) => p.length > 1)
    .map((p) => p.slice(1).join('\r\n\r\n').replace(/\r\n$/, ''));
  return { meta: JSON.parse(parts[0]!) as Partial<DriveFile>, content: parts[1] ?? '' };
}

/** Google Drive v3 (files list/create, multipart upload) and the OAuth token endpoint, for the googleapis SDK. */
export async function startDriveFake(opts: { publicKey: KeyObject; clientEmail: string }): Promise<DriveFake> {
  const token = `ya29.fake-${randomUUID()}`;
  const files: DriveFile[] = [];
  const requests: DriveFake['requests'] = [];
  let loseNext = false;
  const server = await startHttpFake((req) => {
    requests.push({ method: req.method, path: req.path });
    if (req.method === 'POST' && req.path === '/token') return exchange(req, opts.publicKey, opts.clientEmail, token);
    if (req.headers.authorization !== `Bearer ${token}`) return fail(401, 'Invalid Credentials');
    if (req.method === 'GET' && req.path === '/drive/v3/files') {
      const q = req.query.get('q') ?? '';
      const hits = files.filter((f) => matches(f, q)).slice(0, Number(req.query.get('pageSize') ?? 100));
      return { status: 200, body: { files: hits.map((f) => ({ id: f.id })) } };
    }
    const upload = req.path === '/upload/drive/v3/files';
    if (req.method === 'POST' && (upload || req.path === '/drive/v3/files')) {
      const { meta, content } = upload
        ? multipart(req)
        : { meta: JSON.parse(req.body.toString('utf8')) as Partial<DriveFile>, content: undefined };
      const f: DriveFile = {
        id: `file-${files.length + 1}`,
        name: meta.name ?? 'Untitled',
        mimeType: meta.mimeType ?? 'application/octet-stream',
        parents: meta.parents ?? ['root'],
        appProperties: meta.appProperties ?? {},
        content,
      };
      files.push(f);
      if (upload && loseNext) {
        loseNext = false;
        return fail(503, 'Backend Error');
      }
      return { status: 200, body: { id: f.id } };
    }
    return fail(404, `fake has no ${req.method} ${req.path}`);
  });
  return {
    url: server.url,
    tokenUrl: `${server.url}/token`,
    files,
    requests,
    loseNextUploadAnswer: () => void (loseNext = true),
    close: server.close,
  };
}
