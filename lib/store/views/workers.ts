// Read model of the workers: each Worker row's state, tags and backend, the pools of live dashboard servers,
// queued jobs whose required tags no live worker holds, and how long a queued run has waited with
// no live worker.
//   stopped  it said so (normal exit), or it is gone without holding a job;
//   idle     alive, no job;  busy  alive, holding a job;
//   lost     no sign of life while holding a job (the job goes back to the queue when its lease ends).
// Alive: a worker on this machine whose process exists; elsewhere, a heartbeat within
// WORKER_STALE_MS or a live lease on the job it holds (heartbeats may come every lease/3).
import os from 'node:os';
import type { Db } from '../../db/client';
import { holdsAll, tagsOfKey, workerCommandFor } from '../job-tags';
import { pidAlive, readPoolStatuses, type PoolStatus } from '../pool-status';

/** A worker on another machine without a heartbeat for this long (and no live lease) is not alive. */
export const WORKER_STALE_MS = 120_000;
/** A queued run with no live worker for this long is flagged on its page. */
export const UNATTENDED_QUEUE_MS = 60_000;

export type WorkerState = 'stopped' | 'idle' | 'busy' | 'lost';

export interface WorkerRowInput {
  id: string;
  pid: number;
  host: string;
  status: string;
  currentJobId: number | null;
  heartbeatAt: Date;
  tags?: string;
}

export interface WorkerView {
  id: string;
  host: string;
  pid: number;
  status: string;
  currentJobId: number | null;
  heartbeatAt: string;
  /** The tags it holds (`worker --tags`, `--gpu`). */
  tags: string[];
  /** What its job process computes with ('wasm (1 thread) + native GEMM (...)'); '' until its first job process is up. */
  backend: string;
  alive: boolean;
  state: WorkerState;
  /** The pool slot running this worker, when a live dashboard server started it. */
  poolSlot?: number;
}

export function workerState(
  w: WorkerRowInput,
  now: Date,
  ctx: { localHost?: string; isPidAlive?: (pid: number) => boolean; liveLeaseJobIds?: Set<number> } = {},
): { state: WorkerState; alive: boolean } {
  if (w.status === 'stopped') return { state: 'stopped', alive: false };
  const holding = w.currentJobId !== null || w.status === 'busy';
  const local = w.host === (ctx.localHost ?? os.hostname());
  const alive = local
    ? (ctx.isPidAlive ?? pidAlive)(w.pid)
    : now.getTime() - w.heartbeatAt.getTime() < WORKER_STALE_MS ||
      (w.currentJobId !== null && Boolean(ctx.liveLeaseJobIds?.has(w.currentJobId)));
  if (alive) return { state: holding ? 'busy' : 'idle', alive: true };
  return { state: holding ? 'lost' : 'stopped', alive: false };
}

/** Queued jobs requiring a tag set that no live worker holds, and the command that starts such a worker. */
export interface UnservedTags {
  tags: string[];
  jobs: number;
  command: string;
}

export interface WorkersView {
  workers: WorkerView[];
  pools: PoolStatus[];
  alive: number;
  /** Queued jobs no live worker may take, by required tag set (only while some worker is alive: else every job waits). */
  unserved: UnservedTags[];
}

export async function getWorkersView(db: Db, now = new Date(), take = 12): Promise<WorkersView> {
  const [rows, leases, waiting] = await Promise.all([
    db.worker.findMany({ orderBy: { heartbeatAt: 'desc' }, take: 200 }),
    db.job.findMany({ where: { status: 'running', leaseUntil: { gt: now } }, select: { id: true } }),
    db.job.groupBy({ by: ['tags'], where: { status: 'queued', cancelRequested: false, NOT: { tags: '' } }, _count: { _all: true } }),
  ]);
  const liveLeaseJobIds = new Set(leases.map((j) => j.id));
  const pools = readPoolStatuses();
  const slotOf = new Map(pools.flatMap((p) => p.slots.map((s) => [s.workerId, s.slot] as const)));
  const all = rows.map((w): WorkerView => {
    const { state, alive } = workerState(w, now, { liveLeaseJobIds });
    const poolSlot = slotOf.get(w.id);
    return {
      id: w.id,
      host: w.host,
      pid: w.pid,
      status: w.status,
      currentJobId: w.currentJobId,
      heartbeatAt: w.heartbeatAt.toISOString(),
      tags: tagsOfKey(w.tags),
      backend: w.backend,
      alive,
      state,
      ...(poolSlot !== undefined ? { poolSlot } : {}),
    };
  });
  // live workers first, then the most recent others
  const shown = [...all.filter((w) => w.alive), ...all.filter((w) => !w.alive)].slice(0, Math.max(take, all.filter((w) => w.alive).length));
  const live = all.filter((w) => w.alive);
  const unserved = live.length
    ? waiting
        .map((g) => ({ tags: tagsOfKey(g.tags), jobs: g._count._all }))
        .filter((g) => !live.some((w) => holdsAll(w.tags, g.tags)))
        .map((g) => ({ ...g, command: workerCommandFor(g.tags) }))
    : [];
  return { workers: shown, pools, alive: live.length, unserved };
}

/** Live workers right now (for the "start a worker" hints). */
export async function liveWorkerCount(db: Db, now = new Date()): Promise<number> {
  return (await getWorkersView(db, now, 0)).alive;
}

/** For a queued run: since when its job waits, and whether a live worker exists to take it. */
export async function queueWait(
  db: Db,
  runId: number,
  now = new Date(),
): Promise<{ waitingMs: number; liveWorkers: number; unattended: boolean } | undefined> {
  const job = await db.job.findFirst({ where: { runId, status: 'queued' }, orderBy: { id: 'desc' }, select: { createdAt: true } });
  if (!job) return undefined;
  const waitingMs = now.getTime() - job.createdAt.getTime();
  const liveWorkers = await liveWorkerCount(db, now);
  return { waitingMs, liveWorkers, unattended: liveWorkers === 0 && waitingMs > UNATTENDED_QUEUE_MS };
}
