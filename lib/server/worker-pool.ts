// The supervised worker pool started next to the dashboard (scripts/serve.ts): N ordinary
// `dml-lens worker` processes (tfjs never runs in the Next.js process), each in its own process
// group. A worker that exits while the pool runs is a crash: its jobs are given back to the queue
// at once (it is certainly dead: we saw it exit; a job that took its worker down MAX_ATTEMPTS
// times fails instead), the crash is logged and recorded in the pool's
// status file (the overview shows it), and the slot restarts after a backoff (1 s, doubling up to
// 30 s; reset after a minute of healthy running). stop() sends SIGTERM (the worker gives its job
// back and exits), waits, then SIGKILLs whatever is left of each group: no orphans.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../db/client';
import { reapJobsOfDeadWorker } from '../jobs/lease';
import { markWorkerStopped } from '../store/stopped-workers';
import { pidAlive, poolStatusFile, removePoolStatus, writePoolStatus, type PoolSlotStatus, type PoolStatus } from '../store/pool-status';
import { killGroup, waitExit } from './process-group';

export interface PoolOptions {
  size: number;
  root: string;
  env?: Record<string, string | undefined>;
  /** Extra `dml-lens worker` flags (e.g. --lease-seconds). */
  workerArgs?: string[];
  log?: (line: string) => void;
  db?: Db;
  /** Backoff bounds (ms). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long stop() waits for a worker to give its job back before SIGKILL. */
  stopGraceMs?: number;
}

interface Slot extends PoolSlotStatus {
  child?: ChildProcess;
  timer?: NodeJS.Timeout;
  startedAtMs: number;
  backoffMs: number;
  output: string;
}

/** Threads each worker's wasm backend gets: the machine's cores shared out, at least one. */
export function threadsPerWorker(size: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.floor(cores / Math.max(1, size)));
}

export class WorkerPool {
  readonly status: PoolStatus;
  private readonly slots: Slot[];
  private stopping = false;
  private readonly file: string;
  private readonly log: (line: string) => void;

  constructor(private readonly o: PoolOptions) {
    this.log = o.log ?? ((line) => console.error(line));
    this.file = poolStatusFile(process.pid);
    this.slots = Array.from({ length: o.size }, (_, i) => ({
      slot: i + 1,
      workerId: `${os.hostname()}:pool-${process.pid}-${i + 1}`,
      pid: null,
      state: 'starting' as const,
      restarts: 0,
      startedAtMs: 0,
      backoffMs: o.minBackoffMs ?? 1000,
      output: '',
    }));
    this.status = { serverPid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), size: o.size, slots: [] };
  }

  start(): void {
    for (const s of this.slots) this.spawnSlot(s);
    this.save();
  }

  /** Process ids of every live worker (their groups are theirs alone). */
  pids(): number[] {
    return this.slots.flatMap((s) => (s.child?.pid && s.child.exitCode === null && s.child.signalCode === null ? [s.child.pid] : []));
  }

  private save(): void {
    this.status.slots = this.slots.map(({ slot, workerId, pid, state, restarts, lastCrash, nextStartAt }) => ({
      slot,
      workerId,
      pid,
      state,
      restarts,
      lastCrash,
      nextStartAt,
    }));
    try {
      writePoolStatus(this.status, this.file);
    } catch (err) {
      this.log(`pool: could not write ${this.file}: ${(err as Error).message}`);
    }
  }

  private spawnSlot(s: Slot): void {
    const cli = path.join(this.o.root, 'scripts', 'dml-lens.mjs');
    const env = { ...process.env, ...this.o.env };
    env.DML_WASM_THREADS ??= String(threadsPerWorker(this.o.size));
    const child = spawn(process.execPath, [cli, 'worker', '--id', s.workerId, ...(this.o.workerArgs ?? [])], {
      cwd: this.o.root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    s.child = child;
    s.pid = child.pid ?? null;
    s.state = 'running';
    s.startedAtMs = Date.now();
    s.output = '';
    delete s.nextStartAt;
    const prefix = `[worker ${s.slot}] `;
    const forward = (chunk: Buffer) => {
      const text = chunk.toString();
      s.output = (s.output + text).slice(-2000);
      for (const line of text.split('\n')) if (line.trim()) this.log(prefix + line);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', (err) => this.log(`${prefix}could not start: ${err.message}`));
    child.on('exit', (code, signal) => void this.onExit(s, child, code, signal));
    this.log(`pool: worker ${s.slot} started (pid ${child.pid}, id ${s.workerId})`);
  }

  private async onExit(s: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (s.child !== child) return;
    s.pid = null;
    killGroup(child.pid, 'SIGKILL'); // anything the worker started dies with it
    if (this.stopping) {
      s.state = 'stopped';
      this.save();
      return;
    }
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const released = await this.releaseJobsOf(s.workerId, `pool worker ${s.slot} ${how}`);
    const healthy = Date.now() - s.startedAtMs > 60_000;
    if (healthy) s.backoffMs = this.o.minBackoffMs ?? 1000;
    s.restarts++;
    s.lastCrash = { at: new Date().toISOString(), code, signal, output: s.output.slice(-600) };
    s.state = 'restarting';
    s.nextStartAt = new Date(Date.now() + s.backoffMs).toISOString();
    this.log(
      `pool: worker ${s.slot} (pid ${child.pid}) ${how}${released.length ? `; job(s) ${released.join(', ')} back in the queue` : ''}; restarting in ${(s.backoffMs / 1000).toFixed(0)} s`,
    );
    this.save();
    s.timer = setTimeout(() => {
      if (this.stopping) return;
      this.spawnSlot(s);
      this.save();
    }, s.backoffMs);
    s.backoffMs = Math.min(s.backoffMs * 2, this.o.maxBackoffMs ?? 30_000);
  }

  /** Jobs the dead worker still held go back to the queue now rather than when their lease expires. */
  private async releaseJobsOf(workerId: string, reason: string): Promise<number[]> {
    if (!this.o.db) return [];
    try {
      return await giveBackJobsOf(this.o.db, workerId, reason);
    } catch (err) {
      this.log(`pool: could not give back the jobs of ${workerId} (${(err as Error).message}); their leases will expire`);
      return [];
    }
  }

  /** SIGTERM every worker (each gives its job back), wait up to stopGraceMs, then SIGKILL the rest. */
  async stop(): Promise<void> {
    this.stopping = true;
    const live = this.slots.filter((s) => s.child && s.child.exitCode === null && s.child.signalCode === null);
    for (const s of this.slots) {
      clearTimeout(s.timer);
      if (s.state !== 'running') s.state = 'stopped';
    }
    for (const s of live) {
      s.state = 'stopping';
      killGroup(s.child!.pid, 'SIGTERM');
    }
    this.save();
    const grace = this.o.stopGraceMs ?? 30_000;
    await Promise.all(live.map((s) => waitExit(s.child!, grace)));
    for (const s of live) {
      if (pidAlive(s.child!.pid!)) this.log(`pool: worker ${s.slot} did not stop within ${grace / 1000} s; killing it`);
      killGroup(s.child!.pid, 'SIGKILL');
      s.state = 'stopped';
    }
    for (const s of live) await this.releaseJobsOf(s.workerId, `pool worker ${s.slot} stopped with the server`);
    removePoolStatus(this.file);
  }
}

/**
 * The jobs a worker that certainly died (we saw its process exit) still held: back to the queue
 * (their runs interrupted), or failed once they have taken a worker down MAX_ATTEMPTS times (the
 * reaper's rule, lib/jobs/lease.ts: counted as a lost lease; a cancel asked meanwhile wins).
 * Its Worker row becomes stopped. Returns the ids of the jobs touched.
 */
export async function giveBackJobsOf(db: Db, workerId: string, reason: string): Promise<number[]> {
  const touched = await reapJobsOfDeadWorker(db, workerId, reason);
  await markWorkerStopped(db, workerId);
  return touched;
}
