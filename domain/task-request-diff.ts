/** What a task submission asks for, as stored in the ledger and as read from a request. */
export interface TaskRequestFields {
  title: string;
  prompt: string;
  clientId: string | null;
  type: string;
  mediaUrl: string | null;
}

/** API names of the fields, for the 409 that tells a caller which ones differ. */
const API_NAMES: Record<keyof TaskRequestFields, string> = {
  title: 'title',
  prompt: 'prompt',
  clientId: 'clientId',
  type: 'type',
  mediaUrl: 'media.url',
};

/**
 * The fields in which a repeated submission differs from the one first stored under its
 * idempotencyKey (empty: the same request). Names only; the values may be personal data.
 */
export function taskRequestDiff(stored: TaskRequestFields, incoming: TaskRequestFields): string[] {
  return (Object.keys(API_NAMES) as (keyof TaskRequestFields)[])
    .filter((k) => (stored[k] ?? null) !== (incoming[k] ?? null))
    .map((k) => API_NAMES[k]);
}
