import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';

/**
 * Children this process started in process groups of their own (see spawnOwned), by process group id. A terminal's
 * Ctrl-C signals the whole foreground process group: a child in that group (PostgreSQL, Kafka, a service) would go
 * down at once, under the services still using it. In a group of its own it hears only from us, in the order we
 * choose.
 */
const owned = new Map<number, ChildProcess>();

/** Signals a child's whole process group (it and anything it started); false when it is already gone. */
function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

let exitHookInstalled = false;

/** If this process ends without stopping its children (a crash, a forced exit), nothing is left running. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of owned.keys()) signalGroup(pid, 'SIGKILL');
  });
}

/**
 * `spawn`, with the child leading a process group of its own (`detached`, but still watched and piped): signals
 * meant for this process's group (a terminal's Ctrl-C) do not reach it, and it is killed when this process exits
 * without having stopped it.
 */
export function spawnOwned(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  const pid = child.pid;
  if (pid !== undefined) {
    owned.set(pid, child);
    installExitHook();
    child.once('exit', () => owned.delete(pid));
  }
  return child;
}

/** Signals the process group of `child` (started by spawnOwned). */
export function signalOwned(child: ChildProcess, signal: NodeJS.Signals): boolean {
  return child.pid !== undefined && signalGroup(child.pid, signal);
}

/** SIGKILL to every process group still owned: the forced stop (a second Ctrl-C). */
export function killAllOwned(): number {
  let killed = 0;
  for (const pid of owned.keys()) if (signalGroup(pid, 'SIGKILL')) killed++;
  return killed;
}

/** The process ids of the owned children still running (tests check none is left). */
export function ownedPids(): number[] {
  return [...owned.keys()];
}
