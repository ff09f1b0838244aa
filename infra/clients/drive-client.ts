import { readFileSync } from 'node:fs';
import { google, type drive_v3 } from 'googleapis';
import type { Config } from '../config/load-config';

/** Google's token endpoint for the service-account JWT flow (the auth library's built-in address). */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
}

/** The key JSON inline (starts with `{`) or from a file; a clear error naming the variable otherwise. */
export function readServiceAccountKey(credentials: string): ServiceAccountKey {
  let text = credentials.trim();
  if (!text.startsWith('{')) {
    try {
      text = readFileSync(text, 'utf8');
    } catch {
      throw new Error('GOOGLE_DRIVE_CREDENTIALS: not JSON and not a readable file');
    }
  }
  let key: Partial<ServiceAccountKey>;
  try {
    key = JSON.parse(text) as Partial<ServiceAccountKey>;
  } catch {
    throw new Error('GOOGLE_DRIVE_CREDENTIALS: the service-account key is not valid JSON');
  }
  if (!key.client_email || !key.private_key)
    throw new Error('GOOGLE_DRIVE_CREDENTIALS: a service-account key needs client_email and private_key');
  return key as ServiceAccountKey;
}

/** GOOGLE_DRIVE_API_BASE_URL as the SDK's rootUrl (with the trailing slash it expects). */
export const driveRootUrl = (base: string | undefined) => base && `${base.replace(/\/$/, '')}/`;

/**
 * The official Drive v3 client over a service account (JWT bearer flow); undefined unless both the
 * credentials and the parent folder are set. The API and token addresses can be pointed elsewhere
 * (tests, proxies): the token request is the one the auth library makes, sent to GOOGLE_DRIVE_TOKEN_URL.
 */
export function createDriveClient(cfg: Config['drive']): drive_v3.Drive | undefined {
  if (!cfg.credentials || !cfg.parentFolderId) return undefined;
  const key = readServiceAccountKey(cfg.credentials);
  const auth = new google.auth.JWT({
    email: key.client_email,
    key: key.private_key,
    keyId: key.private_key_id,
    scopes: ['https://www.googleapis.com/auth/drive.file'],
  });
  const tokenUrl = cfg.tokenUrl;
  // The library's token address is fixed; a request interceptor sends that one request elsewhere.
  if (tokenUrl)
    auth.transporter.interceptors.request.add({
      resolved: (opts) => {
        if (String(opts.url) === GOOGLE_TOKEN_URL) opts.url = new URL(tokenUrl);
        return Promise.resolve(opts);
      },
    });
  return google.drive({
    version: 'v3',
    auth,
    ...(cfg.apiBaseUrl && { rootUrl: driveRootUrl(cfg.apiBaseUrl) }),
  });
}
