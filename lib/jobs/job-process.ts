// The job process: forked by the worker (lib/jobs/job-runner.ts) so that tfjs blocking its event
// loop for a whole training step cannot starve the worker's heartbeats. It runs the worker's jobs
// one at a time and stays up between them (its start-up, tfjs included, is paid once per worker;
// a killed one is replaced).
// Protocol over IPC:  worker -> here  {type:'start', job, workerId, dbUrl} | {type:'stop', reason}
//                     here -> worker  {type:'step'|'phase'|'progress', ...} | {type:'outcome', outcome}
//                                     | {type:'backend', description} once tfjs is up (the worker row shows it)
// Every write the job makes is fenced with its claim's token; the job's end is written here, in
// the transaction that stores its results. If the worker dies, the IPC channel closes and this
// process exits at its next turn of the event loop (its fenced writes were all-or-nothing).
import { getDb } from '../db/client';
import { endJobTx, fenced, fenceHeld, FenceLost, requeueJobTx, type Fence } from '../store/job-rows';
import { JOB_HANDLERS, type JobOutcome } from './handlers';
import { fenceOf, type ClaimedJob } from './lease';
import { RunStopped, stopReasonOf, type StopReason } from './stop';
import type { StepInfo, StepPhase } from '../training/train-loop';

export type ToJobProcess =
  | { type: 'start'; job: ClaimedJob; workerId: string; dbUrl: string }
  | { type: 'stop'; jobId: number; reason: StopReason; message: string };
export type FromJobProcess =
  | { type: 'step'; runId: number; step: StepInfo }
  | { type: 'phase'; phase: StepPhase }
  | { type: 'progress'; json: string }
  | { type: 'outcome'; jobId: number; outcome: JobOutcome }
  | { type: 'backend'; description: string };

/** How often the job process re-reads its fence between writes. */
const FENCE_CHECK_MS = 1000;

const send = (m: FromJobProcess) => {
  if (process.connected) process.send!(m, () => {}); // a callback: a closed channel is not an 'error' event
};

async function runJob(
  start: Extract<ToJobProcess, { type: 'start' }>,
  stopped: () => { reason: StopReason; message: string } | undefined,
): Promise<JobOutcome> {
  const db = getDb(start.dbUrl);
  const job = start.job;
  const fence = fenceOf(job);
  const load = JOB_HANDLERS[job.kind];
  if (!load) return endUnrecorded(db, fence, { status: 'failed', error: `no handler for job kind "${job.kind}"` });
  let lastCheck = Date.now();
  const tick = async (progressJson?: string) => {
    const stop = stopped();
    if (stop) throw new RunStopped(stop.reason, stop.message);
    if (!process.connected) throw new RunStopped('lease-lost', `worker ${start.workerId} is gone`);
    if (progressJson !== undefined) send({ type: 'progress', json: progressJson });
    if (Date.now() - lastCheck >= FENCE_CHECK_MS) {
      lastCheck = Date.now();
      if (!(await fenceHeld(db, fence))) throw new RunStopped('lease-lost', `worker ${start.workerId} lost the lease of job ${job.id}`);
    }
  };
  let outcome: JobOutcome;
  try {
    outcome = await (
      await load()
    )({
      db,
      job,
      fence,
      tick,
      onStep: (step, runId) => send({ type: 'step', step, runId }),
      onPhase: (phase) => send({ type: 'phase', phase }),
    });
  } catch (err) {
    const reason = stopReasonOf(err);
    outcome = reason
      ? { status: reason === 'cancelled' ? 'cancelled' : reason === 'lease-lost' ? 'lost' : 'interrupted', error: (err as Error).message }
      : { status: 'failed', error: (err as Error).message ?? String(err) };
  }
  return outcome.recorded ? outcome : endUnrecorded(db, fence, outcome);
}

/** Ends a job whose handler did not (explanations, projections, analyses), fenced. */
async function endUnrecorded(db: ReturnType<typeof getDb>, fence: Fence, outcome: JobOutcome): Promise<JobOutcome> {
  if (outcome.status === 'lost') return outcome;
  try {
    await fenced(db, fence, async (tx) => {
      if (outcome.status === 'interrupted') {
        await requeueJobTx(tx, fence, outcome.error ?? 'interrupted');
      } else {
        await endJobTx(tx, fence, outcome.status as 'done' | 'failed' | 'cancelled', {
          error: outcome.error,
          resultJson: outcome.result === undefined ? null : JSON.stringify(outcome.result),
        });
      }
    });
    return { ...outcome, recorded: true };
  } catch (err) {
    if (err instanceof FenceLost) return { status: 'lost', error: err.message };
    throw err;
  }
}

if (process.send) {
  let stop: { reason: StopReason; message: string } | undefined;
  let current: number | undefined;
  let queue = Promise.resolve();
  process.on('disconnect', () => process.exit(1)); // the worker died: nothing more to do here
  // Ctrl-C in a terminal reaches the whole process group: the worker decides how its job stops
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
  // warm up while the worker claims: the training code and the tfjs backend (the slow part of a start)
  queue = queue
    .then(async () => {
      const { initBackend, describeBackend, describeNative } = await import('../backend/backend');
      await import('../training/execute-run');
      await initBackend({ quiet: true });
      send({ type: 'backend', description: `${describeBackend()}${describeNative()}` });
    })
    .catch(() => {});
  process.on('message', (m: ToJobProcess) => {
    if (m.type === 'stop') {
      if (m.jobId === current) stop ??= { reason: m.reason, message: m.message };
      return;
    }
    if (m.type !== 'start') return;
    queue = queue.then(async () => {
      current = m.job.id;
      stop = undefined;
      const outcome = await runJob(m, () => stop).catch((err: unknown): JobOutcome => ({
        status: 'failed',
        error: `job process: ${(err as Error).message ?? String(err)}`,
      }));
      current = undefined;
      send({ type: 'outcome', jobId: m.job.id, outcome });
    });
  });
}
