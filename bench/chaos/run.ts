/**
 * `npm run chaos`: the reliability suite (README "Reliability"). Each scenario starts the real platform
 * as a user would, injects its faults at moments drawn from a fixed-start PRNG, and checks the books.
 * Env: CHAOS_TASKS (30), CHAOS_KILLS (5), CHAOS_LLM_DELAY_MS (1500), CHAOS_RANDOM_START (17),
 * CHAOS_SCENARIOS (crash,tree-kill,split-crash,temporal-kill,embedded-temporal-kill,intake,outage,stripe-flood,
 * paypal-flood,notion-race,postgres-outage),
 * CHAOS_INVOICES (100), CHAOS_WEBHOOK_EVENTS (1000), CHAOS_TEMPORAL_DOWN_MS (20000).
 */
import { runCrashScenario } from './crash-scenario';
import { runIntakeScenario } from './intake-scenario';
import { floodScenarios } from './flood-scenarios';
import { runOutageScenario } from './outage-scenario';
import { runPostgresOutage } from './postgres-outage-scenario';
import { runTemporalKillScenario } from './temporal-kill-scenario';
import { runEmbeddedTemporalKillScenario } from './embedded-temporal-kill-scenario';
import { runSplitCrashScenario } from './split-crash-scenario';
import { formatTable, type ScenarioResult } from './scenario-row';

const env = process.env;
const TASKS = Number(env.CHAOS_TASKS ?? 30);
const KILLS = Number(env.CHAOS_KILLS ?? 5);
const DELAY = Number(env.CHAOS_LLM_DELAY_MS ?? 1500);
const START = Number(env.CHAOS_RANDOM_START ?? 17);
const DOWN_MS = Number(env.CHAOS_TEMPORAL_DOWN_MS ?? 20_000);
const SCENARIOS = (
  env.CHAOS_SCENARIOS ??
  'crash,tree-kill,split-crash,temporal-kill,embedded-temporal-kill,intake,outage,stripe-flood,paypal-flood,notion-race,postgres-outage'
).split(',');
const log = (line: string) => console.log(`  ${line}`);

async function main(): Promise<number> {
  const results: ScenarioResult[] = [];
  const crash = { tasks: TASKS, kills: KILLS, randomStart: START, llmDelayMs: DELAY, log };
  if (SCENARIOS.includes('crash')) {
    console.log(`crash: ${TASKS} tasks, ${KILLS} SIGKILLs, LLM latency ${DELAY} ms, random start ${START}`);
    results.push(await runCrashScenario(crash));
  }
  if (SCENARIOS.includes('tree-kill')) {
    console.log(`tree-kill: ${TASKS} tasks, ${KILLS} SIGKILLs of the whole process tree, LLM latency ${DELAY} ms`);
    results.push(await runCrashScenario({ ...crash, target: 'tree' }));
  }
  if (SCENARIOS.includes('split-crash')) {
    console.log(`split-crash: ${TASKS} tasks, ${KILLS} SIGKILLs of one of two echopilot workers, over PostgreSQL`);
    results.push(await runSplitCrashScenario(crash));
  }
  if (SCENARIOS.includes('temporal-kill')) {
    console.log(`temporal-kill: ${TASKS} tasks, ${KILLS} SIGKILLs of the Temporal server, down ${DOWN_MS} ms each`);
    results.push(await runTemporalKillScenario({ ...crash, downMs: DOWN_MS }));
  }
  if (SCENARIOS.includes('embedded-temporal-kill')) {
    console.log(`embedded-temporal-kill: ${TASKS} tasks, ${KILLS} SIGKILLs of npm start's own Temporal server`);
    results.push(await runEmbeddedTemporalKillScenario(crash));
  }
  if (SCENARIOS.includes('intake')) {
    console.log('intake: 100 tasks, each idempotency key sent 10× in parallel');
    results.push(await runIntakeScenario({ tasks: 100, copies: 10, log }));
  }
  if (SCENARIOS.includes('outage')) {
    console.log(`outage: ${TASKS} tasks and 10 invoices, each provider down for 20 s`);
    results.push(await runOutageScenario({ tasks: TASKS, invoices: 10, windowMs: 20_000, log }));
  }
  results.push(...(await floodScenarios(SCENARIOS, START, log)));
  if (SCENARIOS.includes('postgres-outage')) {
    console.log(`postgres-outage: ${TASKS} tasks, PostgreSQL stopped for 20 s under worker ×2 + api`);
    results.push(await runPostgresOutage({ tasks: TASKS, windowMs: 20_000, llmDelayMs: DELAY, log }));
  }

  console.log(`\n${formatTable(results.map((r) => r.row))}\n`);
  const problems = results.flatMap((r) => r.problems.map((p) => `${r.row.scenario}: ${p}`));
  for (const p of problems) console.log(`PROBLEM ${p}`);
  console.log(problems.length ? `${problems.length} problem(s)` : 'every check held');
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
