import { descendants, running, type PlatformProcess } from './platform-process';

/** Stops `npm start` as a user does (Ctrl-C); it must exit 0 and leave no process of its tree running. */
export async function stopAndCheck(proc: PlatformProcess, problems: string[]): Promise<void> {
  const tree = descendants(proc.child.pid!);
  proc.child.kill('SIGINT');
  if ((await proc.exited) !== 0) problems.push('the final stop did not exit cleanly');
  if (tree.some(running)) problems.push('processes left after the final stop');
}

/** After a scenario that broke off: kills what is left of its start so the next scenario has the ports. */
export async function killLeftovers(proc: PlatformProcess): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  for (const pid of descendants(proc.child.pid!)) process.kill(pid, 'SIGKILL');
  proc.child.kill('SIGKILL');
  await proc.exited;
}
