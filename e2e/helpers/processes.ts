// Process ids of a process and all its descendants (from `ps`), and waiting for them to be gone:
// how the server tests check that stopping the server leaves no process behind.
import { execFileSync } from 'node:child_process';

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
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
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
