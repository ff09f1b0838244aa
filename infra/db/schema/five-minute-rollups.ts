import { ledgerRollupTables } from './ledger-rollup-tables';

/*
 * The hourly rollups again per 5-minute slot (`slot` = the UTC instant the slot starts), kept by the same
 * triggers in the same transaction (migration *_five_minute_rollups_sql). A window's partial hours at its
 * edges are read from here as whole slots, so the ledger rows read at each edge are at most about
 * two and a half minutes' worth, however busy the platform (infra/db/repositories/hour-window.ts).
 * Retention deletes slots before its archive mark: no window reads slots there.
 */

const slots = ledgerRollupTables('5min', 'slot');
export const jobOutcome5min = slots.outcome;
export const jobLatency5min = slots.latency;
export const jobClient5min = slots.client;
export const jobIntake5min = slots.intake;
export const attemptCost5min = slots.attemptCost;
