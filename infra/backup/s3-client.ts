import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { ReplicaS3Config } from '../config/replica-s3-config';

/** The SDK client for the bucket: credentials from REPLICA_S3_* only (no lookup of the SDK's own env or files). */
export function createS3Client(c: ReplicaS3Config): S3Client {
  return new S3Client({
    region: c.region,
    endpoint: c.endpoint,
    forcePathStyle: c.forcePathStyle,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
    maxAttempts: 3,
  });
}

/** The bucket refused for a reason a retry cannot fix (missing bucket, refused credentials, no permission). */
export class S3DestinationError extends Error {
  override name = 'S3DestinationError';
}

export const isNotFound = (err: unknown) =>
  err instanceof S3ServiceException && (err.$metadata.httpStatusCode === 404 || err.name === 'NotFound');

/**
 * One line for a failed S3 call: operation, object, the service's error name and HTTP status. Secret
 * values are cut out whatever the service echoed; the access key id is never added.
 */
export function s3Failure(err: unknown, what: string, secrets: readonly string[]): Error {
  let message: string;
  let permanent = false;
  if (err instanceof S3ServiceException) {
    const status = err.$metadata.httpStatusCode;
    permanent = !!status && status >= 400 && status < 500 && status !== 408 && status !== 429;
    const detail = err.message && err.message !== err.name && err.message !== 'UnknownError' ? `: ${err.message}` : '';
    message = `S3 ${what}: ${err.name} (HTTP ${status ?? '?'})${detail}`;
  } else {
    message = `S3 ${what}: ${err instanceof Error ? err.message : String(err)}`;
  }
  for (const s of secrets) if (s) message = message.split(s).join('[redacted]');
  message = message.slice(0, 600);
  return permanent ? new S3DestinationError(message) : new Error(message);
}
