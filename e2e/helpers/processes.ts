// Process ids of a process and all its descendants (from `ps`), and waiting for them to be gone:
// how the server tests check that stopping the server leaves no process behind.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export function processTree(root: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of rows) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    const stat = procStat(pid);
    if (stat) seenStart.set(pid, stat.start);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** State and start time of `pid` from /proc (undefined when there is no such process or no /proc). */
function procStat(pid: number): { state: string; start: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) "
    return { state: fields[0], start: fields[19] };
  } catch {
    return undefined;
  }
}

/** Start times of the processes processTree saw, so a pid the system reuses later is not taken for them. */
const seenStart = new Map<number, string>();

/**
 * Whether `pid` still runs. A zombie (exited, not yet reaped: orphans wait for the machine's pid 1)
 * has stopped; a pid now held by another process (same number, other start time) has stopped too.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  if (!stat) return !fs.existsSync('/proc/self/stat'); // no /proc: trust kill(0)
  if (stat.state === 'Z' || stat.state === 'X') return false;
  const start = seenStart.get(pid);
  return start === undefined || start === stat.start;
}

/** The machine's addresses other than loopback (`hostname -I`), IPv4 first. */
export function otherAddresses(): string[] {
  try {
    return execFileSync('hostname', ['-I'], { encoding: 'utf8' })
      .trim()
      .split(/\s+/)
      .filter((a) => a && !a.startsWith('127.') && a !== '::1')
      .sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')));
  } catch {
    return [];
  }
}
