// Runs one claimed job in the worker's job process (lib/jobs/job-process.ts) and keeps its lease while it
// works: heartbeats every lease/3 from a timer of this process, whose event loop tfjs never
// blocks. Relays the job's progress (steps, phases within a step) and stops it: at once (SIGKILL)
// when the lease is lost; politely, then by force after a grace period, when the job is cancelled
// or the worker is stopping. Whatever the job process did not record itself (it crashed, or was
// killed) is recorded here, fenced by the same claim.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Db } from '../db/client';
import { endJobTx, fenced, FenceLost, requeueJobTx } from '../store/job-rows';
import { endedUnderToken } from '../store/queue-rows';
import { endRun } from '../store/runs';
import type { StepInfo } from '../training/train-loop';
import type { JobOutcome } from './handlers';
import type { FromJobProcess, ToJobProcess } from './job-process';
import type { JobQueue } from './job-queue';
import { fenceOf, heartbeat, type ClaimedJob } from './lease';
import type { StopReason } from './stop';

export interface JobRunOptions {
  workerId: string;
  dbUrl: string;
  leaseMs: number;
  heartbeatMs: number;
  /** How long a job asked to stop (cancel, shutdown) may take before it is killed. */
  stopGraceMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  onStep?: (s: StepInfo, runId: number) => void;
  /** Called after every heartbeat (the worker row's own heartbeat). */
  onHeartbeat?: () => Promise<void>;
  /** Heartbeats go through this queue (pg-boss also touches its job); default: the Job row directly. */
  queue?: JobQueue;
}

const ENTRY = fileURLToPath(new URL('./job-process.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The worker's job process: started on first use, reused for the next jobs, replaced when killed. */
export class JobProcessHost {
  private child: ChildProcess | undefined;

  /** `onBackend`: what the job process computes with, once its backend is up (each new process). */
  constructor(
    private readonly dbUrl: string,
    private readonly onBackend?: (description: string) => void,
  ) {}

  /** The live job process (started now if there is none). */
  get(): ChildProcess {
    // `killed`: a process sent SIGKILL may not have exited yet; it must not get the next job
    if (this.child && !this.child.killed && this.child.exitCode === null && this.child.signalCode === null && this.child.connected)
      return this.child;
    const child = fork(ENTRY, [], {
      execArgv: ['--import', TSX],
      env: { ...process.env, DATABASE_URL: this.dbUrl },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('error', () => {}); // a closed channel shows up as the exit below
    child.on('message', (m: FromJobProcess) => {
      if (m.type === 'backend') this.onBackend?.(m.description);
    });
    this.child = child;
    return child;
  }

  /** Stops the job process (worker exiting). */
  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}

export async function runJobProcess(db: Db, job: ClaimedJob, host: JobProcessHost, o: JobRunOptions): Promise<JobOutcome> {
  const child = host.get();
  let outcome: JobOutcome | undefined;
  let stopping: { reason: StopReason; message: string } | undefined;
  let killedFor: StopReason | undefined;
  let progress: string | undefined;
  let progressSent: string | undefined;
  let grace: NodeJS.Timeout | undefined;
  let finish: () => void = () => {};

  const kill = (reason: StopReason) => {
    killedFor = reason;
    child.kill('SIGKILL');
  };
  const stop = (reason: StopReason, message: string) => {
    if (stopping) return;
    stopping = { reason, message };
    o.log?.(`job ${job.id}: ${message}; asking it to stop`);
    if (child.connected) child.send({ type: 'stop', jobId: job.id, reason, message } satisfies ToJobProcess, () => {});
    grace = setTimeout(() => kill(reason), o.stopGraceMs ?? Math.max(2000, o.heartbeatMs));
  };
  const onAbort = () => stop('shutdown', `worker ${o.workerId} is stopping`);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) onAbort();

  let beating = false;
  const beat = async () => {
    if (beating || killedFor || outcome) return;
    beating = true;
    try {
      const json = progress !== progressSent ? progress : undefined;
      const answer = o.queue
        ? await o.queue.heartbeat(job, o.workerId, { leaseMs: o.leaseMs, progressJson: json })
        : await heartbeat(db, job.id, o.workerId, { leaseMs: o.leaseMs, token: job.token, progressJson: json });
      if (!answer.held) {
        if (outcome) return; // it ended while this heartbeat was on its way
        if (await endedUnderToken(db, job.id, job.token)) return; // its end is committed; its outcome message is on its way
        o.log?.(`job ${job.id}: lease lost; stopping its process`);
        kill('lease-lost');
        return;
      }
      progressSent = json ?? progressSent;
      if (answer.cancelRequested) stop('cancelled', 'cancelled by the user');
      await o.onHeartbeat?.();
    } catch (err) {
      o.log?.(`job ${job.id}: heartbeat failed (${(err as Error).message}); trying again`);
    } finally {
      beating = false;
    }
  };
  const timer = setInterval(() => void beat(), o.heartbeatMs);

  const onMessage = (m: FromJobProcess) => {
    if (m.type === 'outcome') {
      if (m.jobId === job.id) {
        outcome = m.outcome;
        finish();
      }
    } else if (m.type === 'step') o.onStep?.(m.step, m.runId);
    else if (m.type === 'progress') progress = m.json;
    else if (m.type === 'phase')
      progress = JSON.stringify({
        ...(progress ? (JSON.parse(progress) as object) : {}),
        inStep: m.phase.phase,
        inStepPart: m.phase.part,
        inStepParts: m.phase.parts,
        inStepOf: m.phase.step,
      });
  };
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    exit = { code, signal };
    finish();
  };
  child.on('message', onMessage);
  child.once('exit', onExit);
  await new Promise<void>((resolve) => {
    finish = resolve;
    child.send({ type: 'start', job, workerId: o.workerId, dbUrl: o.dbUrl } satisfies ToJobProcess, (err) => {
      if (err) finish();
    });
  });
  clearInterval(timer);
  clearTimeout(grace);
  child.off('message', onMessage);
  child.off('exit', onExit);
  o.signal?.removeEventListener('abort', onAbort);
  while (beating) await new Promise((r) => setTimeout(r, 10)); // let a heartbeat in flight land first

  if (outcome) return outcome.recorded ? outcome : record(db, job, outcome);
  if (killedFor === 'lease-lost') return { status: 'lost', error: `worker ${o.workerId} lost the lease of job ${job.id}` };
  if (killedFor) {
    const status = killedFor === 'cancelled' ? 'cancelled' : 'interrupted';
    return record(db, job, {
      status,
      error: `${stopping?.message ?? status} (the job did not stop within the grace period and was killed)`,
    });
  }
  const how = exit ? (exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`) : 'its channel closed';
  return record(db, job, { status: 'failed', error: `the job process died (${how}) before it finished` });
}

/** Records an outcome the job process could not, fenced by the claim. */
async function record(db: Db, job: ClaimedJob, outcome: JobOutcome): Promise<JobOutcome> {
  const fence = fenceOf(job);
  if (outcome.status === 'lost') return outcome;
  try {
    if (job.kind === 'train' && job.runId !== null && outcome.status !== 'done') {
      await endRun(db, job.runId, outcome.status, outcome.error ?? null, fence);
    } else {
      await fenced(db, fence, async (tx) => {
        if (outcome.status === 'interrupted') await requeueJobTx(tx, fence, outcome.error ?? 'interrupted');
        else
          await endJobTx(tx, fence, outcome.status as 'done' | 'failed' | 'cancelled', {
            error: outcome.error,
            resultJson: outcome.result === undefined ? null : JSON.stringify(outcome.result),
          });
      });
    }
    return { ...outcome, recorded: true };
  } catch (err) {
    if (err instanceof FenceLost) return { status: 'lost', error: err.message };
    throw err;
  }
}
