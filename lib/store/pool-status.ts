// The worker pool's status file: what a server's supervisor (lib/server/worker-pool.ts) knows and
// the Worker table does not (pool size, restarts, the last crash), for the overview to show.
// One JSON file per server process under <dataHome>/pool/, written atomically (temp + rename) and
// removed when the server stops; a file whose server process is gone is ignored.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataHome } from '../paths';

export interface PoolSlotStatus {
  slot: number;
  /** The Worker row's id (stable across restarts of the slot). */
  workerId: string;
  pid: number | null;
  state: 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped';
  restarts: number;
  lastCrash?: { at: string; code: number | null; signal: string | null; output: string };
  nextStartAt?: string;
}

export interface PoolStatus {
  serverPid: number;
  host: string;
  startedAt: string;
  size: number;
  slots: PoolSlotStatus[];
}

export function poolStatusDir(home = dataHome()): string {
  return path.join(home, 'pool');
}

export function poolStatusFile(serverPid = process.pid, home = dataHome()): string {
  return path.join(poolStatusDir(home), `${os.hostname()}-${serverPid}.json`);
}

export function writePoolStatus(status: PoolStatus, file = poolStatusFile(status.serverPid)): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(status, null, 1));
  fs.renameSync(tmp, file);
}

export function removePoolStatus(file = poolStatusFile()): void {
  fs.rmSync(file, { force: true });
}

/** True when a process with this pid exists on this machine. */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pools of live servers on this machine that use this data home. */
export function readPoolStatuses(home = dataHome()): PoolStatus[] {
  const dir = poolStatusDir(home);
  if (!fs.existsSync(dir)) return [];
  const out: PoolStatus[] = [];
  for (const name of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    try {
      const s = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as PoolStatus;
      if (s.host === os.hostname() && pidAlive(s.serverPid)) out.push(s);
    } catch {
      /* a file being replaced or damaged: skip it */
    }
  }
  return out;
}
