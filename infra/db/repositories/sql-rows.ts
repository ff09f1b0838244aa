import type { SQL } from 'drizzle-orm';
import type { Db } from '../open-database';

/** Raw SQL rows on both drivers (PGlite and node-postgres both answer `{ rows }`). */
export async function sqlRows<T>(db: Db, query: SQL): Promise<T[]> {
  const res: unknown = await db.execute(query);
  return (res as { rows: T[] }).rows;
}

/** Numeric columns come back as strings from node-postgres (bigint, numeric); null stays null. */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const int = (v: unknown): number => Math.round(Number(v ?? 0));
