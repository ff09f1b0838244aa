import { canonicalEntry, entryHashV2, GENESIS_HASH, legacyHash, type HashedFields } from './audit-hash';

export type ChainProblem = 'edited' | 'deleted' | 'reordered';

export interface ChainRow extends HashedFields {
  id: number;
  hashVersion: number;
  canonical: string | null;
  prevHash: string;
  hash: string;
}

export interface ChainBreak {
  /** Sequence number (id) of the entry where the chain breaks. */
  seq: number;
  problem: ChainProblem;
  detail: string;
}

export interface ChainVerification {
  status: 'valid' | 'broken';
  entries: number;
  headSeq: number;
  headHash: string;
  /** The rows written before RFC 8785 hashing: verified with the legacy formula, reported apart. */
  legacyPrefix: { entries: number; lastSeq: number } | null;
  firstBreak: ChainBreak | null;
}

/** Does the row's content still produce its stored hash? */
function contentProblem(row: ChainRow, seenV2: boolean): string | undefined {
  if (row.hashVersion === 1) {
    if (seenV2) return 'a legacy-format entry after RFC 8785 entries';
    return legacyHash(row.prevHash, row) === row.hash ? undefined : 'its content no longer matches its hash';
  }
  if (row.hashVersion !== 2) return `unknown hash version ${row.hashVersion}`;
  const canonical = canonicalEntry(row.prevHash, row);
  if (canonical !== row.canonical) return 'its fields no longer match its canonical JSON';
  return entryHashV2(canonical) === row.hash ? undefined : 'its canonical JSON no longer matches its hash';
}

/**
 * Walks the rows in sequence order and names the first broken link:
 * - edited: a row's content does not produce its hash, or a row was rewritten with a fresh hash
 *   (the next row's link points at a hash that no longer exists, with no gap in the sequence);
 * - deleted: the link points at a hash that no longer exists and sequence numbers are missing;
 * - reordered: the link points at another row that does exist, just not the one before it.
 */
export function verifyChain(rows: readonly ChainRow[]): ChainVerification {
  const byHash = new Map(rows.map((r) => [r.hash, r.id]));
  let prevHash = GENESIS_HASH;
  let prevId = 0;
  let seenV2 = false;
  let legacyEntries = 0;
  let legacyLastSeq = 0;
  let firstBreak: ChainBreak | null = null;
  for (const row of rows) {
    const content = contentProblem(row, seenV2);
    if (content) {
      firstBreak = { seq: row.id, problem: 'edited', detail: `entry #${row.id}: ${content}` };
      break;
    }
    if (row.prevHash !== prevHash) {
      const pointsAt = byHash.get(row.prevHash);
      if (pointsAt !== undefined)
        firstBreak = {
          seq: row.id,
          problem: 'reordered',
          detail: `entry #${row.id} follows #${pointsAt} in the chain but sits after #${prevId || 'the start'}`,
        };
      else if (row.id !== prevId + 1)
        firstBreak = {
          seq: prevId + 1,
          problem: 'deleted',
          detail:
            row.id - 1 === prevId + 1
              ? `entry #${prevId + 1} is missing`
              : `entries #${prevId + 1}–#${row.id - 1} are missing`,
        };
      else
        firstBreak = {
          seq: prevId,
          problem: 'edited',
          detail: `entry #${prevId} was rewritten: entry #${row.id} links to a hash no row has`,
        };
      break;
    }
    if (row.hashVersion === 1) {
      legacyEntries += 1;
      legacyLastSeq = row.id;
    } else seenV2 = true;
    prevHash = row.hash;
    prevId = row.id;
  }
  const head = rows.at(-1);
  return {
    status: firstBreak ? 'broken' : 'valid',
    entries: rows.length,
    headSeq: head?.id ?? 0,
    headHash: head?.hash ?? GENESIS_HASH,
    legacyPrefix: legacyEntries ? { entries: legacyEntries, lastSeq: legacyLastSeq } : null,
    firstBreak,
  };
}
