import { randomUUID } from 'node:crypto';

/** Ids with a kind prefix (`inv_…`, `rf_…`, `cli_…`) so a stray id in a log says what it names. */
export const prefixedId = (prefix: string, length = 20) =>
  `${prefix}_${randomUUID().replaceAll('-', '').slice(0, length)}`;
