import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TemporalConnectionSettings } from './connection-settings';

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** API key, TLS and metadata (Temporal Cloud, secured clusters); unset: plain gRPC. */
  connection?: Pick<TemporalConnectionSettings, 'apiKey' | 'tls' | 'metadata'>;
}

/** The part of Config every connection is built from. */
export interface TemporalTargetConfig {
  address?: string;
  namespace: string;
  devPort: number;
  connection: TemporalConnectionSettings;
}

/** Where the worker, API, CLI and schedules connect: the configured server, else the local dev server. */
export function temporalTarget(t: TemporalTargetConfig, fallbackAddress = `127.0.0.1:${t.devPort}`): TemporalTarget {
  return { address: t.address ?? fallbackAddress, namespace: t.namespace, connection: t.connection };
}

/** The one place connection options are assembled, for both the gRPC client and the native (worker) connection. */
export function connectionOptions(target: TemporalTarget) {
  const c = target.connection;
  return {
    address: target.address,
    ...(c?.apiKey !== undefined ? { apiKey: c.apiKey } : {}),
    ...(c?.tls !== undefined ? { tls: c.tls } : {}),
    ...(c?.metadata !== undefined ? { metadata: c.metadata } : {}),
  };
}

/** Connects, retrying for a while: the server may still be starting (compose, restarts). */
async function withRetry<T>(what: string, fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) {
        throw new Error(`Cannot reach Temporal (${what}): ${(err as Error).message}`, { cause: err });
      }
      await sleep(500);
    }
  }
}

export async function connectClient(
  target: TemporalTarget,
  timeoutMs = 30_000,
  interceptors?: ClientInterceptors,
  /** Payload codec and failure converter (infra/crypto/payload-encryption `dataConverterFor`). */
  dataConverter?: DataConverter,
): Promise<Client> {
  const connection = await withRetry(target.address, () => Connection.connect(connectionOptions(target)), timeoutMs);
  return new Client({
    connection,
    namespace: target.namespace,
    ...(interceptors ? { interceptors } : {}),
    ...(dataConverter ? { dataConverter } : {}),
  });
}

export function connectWorkerConnection(target: TemporalTarget, timeoutMs = 30_000): Promise<NativeConnection> {
  return withRetry(target.address, () => NativeConnection.connect(connectionOptions(target)), timeoutMs);
}
