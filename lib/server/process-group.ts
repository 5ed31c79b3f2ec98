// Child processes started in their own process group (detached), as the server starts Next and
// its pool workers: signal the whole group, and wait a bounded time for a child to exit.
import type { ChildProcess } from 'node:child_process';

/** Sends `signal` to the process group led by `pid` (nothing when it is already gone). */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    /* the group is gone */
  }
}

/** Resolves when `child` has exited, or after `ms` (whichever comes first). */
export function waitExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
