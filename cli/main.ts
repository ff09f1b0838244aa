import { Command } from 'commander';
import { registerAuditCommands } from './commands/audit';
import { registerClientCommands } from './commands/clients';
import { registerLlmCommands } from './commands/llm';
import { doctorCommand } from './commands/doctor';
import { registerKeyCommands } from './commands/keys';
import { rateGuardCommands } from './commands/rate-guard';
import { schedulesCommands } from './commands/schedules';
import { runRole } from './commands/split-roles';
import { startCommand } from './commands/start';
import { registerTaskCommands } from './commands/tasks';
import { restoreCommand } from './commands/restore';

const program = new Command('echopilot')
  .description('EchoPilot: AI task automation on Temporal durable workflows')
  .showHelpAfterError();

program
  .command('start')
  .description(
    'All-in-one: embedded Temporal dev server (unless TEMPORAL_ADDRESS), embedded database (unless DATABASE_URL), worker, API, schedules',
  )
  .action(startCommand);
program
  .command('worker')
  .description('Run only the Temporal worker (needs DATABASE_URL and TEMPORAL_ADDRESS)')
  .action(() => runRole('worker'));
program
  .command('api')
  .description('Run only the HTTP API (needs DATABASE_URL and TEMPORAL_ADDRESS)')
  .action(() => runRole('api'));
program
  .command('doctor')
  .description('Check configuration, Temporal, database and every configured integration; print fixes')
  .action(async () => {
    process.exitCode = await doctorCommand(process.env);
  });

const schedules = program.command('schedules').description("Manage the platform's Temporal Schedules");
schedules
  .command('list')
  .description('List the platform schedules with state, next run and last result')
  .option('--json', 'print JSON')
  .action(schedulesCommands.list);
schedules
  .command('sync')
  .description('Create/update schedules from schedules/definitions.ts; delete removed ones')
  .action(schedulesCommands.sync);
schedules
  .command('pause <id>')
  .description('Pause a schedule (id with or without the echopilot- prefix)')
  .option('-n, --note <note>', 'reason, shown to other operators')
  .action((id: string, o: { note?: string }) => schedulesCommands.pause(id, o.note));
schedules
  .command('unpause <id>')
  .description('Resume a paused schedule')
  .option('-n, --note <note>', 'reason')
  .action((id: string, o: { note?: string }) => schedulesCommands.unpause(id, o.note));
schedules.command('trigger <id>').description('Run a schedule now').action(schedulesCommands.trigger);
schedules
  .command('describe <id>')
  .description('Spec, workflow and arguments, policies, state, recent and next runs')
  .action(schedulesCommands.describe);
schedules
  .command('backfill <id>')
  .description('Take the runs a schedule missed in a time range (e.g. after an outage)')
  .requiredOption('--from <iso>', 'start of the range (UTC ISO date-time)')
  .requiredOption('--to <iso>', 'end of the range')
  .option('--overlap <policy>', 'skip | buffer-one | allow-all', 'allow-all')
  .action(schedulesCommands.backfill);
schedules
  .command('stop')
  .description('Pause every platform schedule (the original EchoPilot runbook\' "Stop Scheduler")')
  .option('-r, --reason <reason>', 'shown as the note')
  .action(schedulesCommands.stop);
schedules
  .command('start')
  .description('Resume what `schedules stop` paused; individually paused ones stay paused')
  .action(schedulesCommands.start);

const rateGuard = program
  .command('rate-guard')
  .description('The failed-key ban list of the admin API (lift a lockout)');
rateGuard
  .command('stats')
  .description('Active bans, recent failures and proxy signals')
  .option('--json', 'machine-readable output')
  .action(rateGuardCommands.stats);
rateGuard
  .command('clear [ip]')
  .description('Lift the ban of one address, or of all with --all')
  .option('--all', 'lift every ban')
  .action(rateGuardCommands.clear);
program
  .command('restore <snapshot>')
  .description(
    'Restore a verified snapshot (id under RAILWAY_FALLBACK_PATH, or a folder) into DATA_DIR; platform stopped',
  )
  .option('--force', 'move an existing database in DATA_DIR aside instead of refusing')
  .action(async (snapshot: string, o: { force?: boolean }) => {
    process.exitCode = await restoreCommand(snapshot, o);
  });
registerTaskCommands(program);
registerClientCommands(program);
registerAuditCommands(program);
registerLlmCommands(program);
registerKeyCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
