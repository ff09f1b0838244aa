import type { Payload, PayloadCodec } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { decodedHistory } from './secret-scan';

const isPayload = (v: unknown): v is Payload => {
  const meta = (v as { metadata?: Record<string, unknown> } | null)?.metadata;
  return !!meta && typeof meta === 'object' && meta.encoding instanceof Uint8Array;
};

/** Every payload inside `value` (inputs, results, memo, failure attributes…) run through the codec. */
async function decodeAll(value: unknown, codec: PayloadCodec, depth = 0): Promise<unknown> {
  if (isPayload(value)) return (await codec.decode([value]))[0];
  if (depth > 40 || value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return Promise.all(value.map((v) => decodeAll(v, codec, depth + 1)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = await decodeAll(v, codec, depth + 1);
  return out;
}

/** A history fetched raw (as the server stores it), decoded through `codec`, as scannable JSON text. */
export async function historyThroughCodec(
  history: temporal.api.history.v1.IHistory,
  codec: PayloadCodec,
): Promise<string> {
  return decodedHistory({
    events: (await decodeAll(history.events ?? [], codec)) as temporal.api.history.v1.IHistoryEvent[],
  });
}
