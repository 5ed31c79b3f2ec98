// `dml-lens train` without --queue: a worker in this process that runs only this experiment's
// jobs, drawing a progress bar on stderr. Ctrl-C cancels the experiment's remaining runs (the one
// training stops at its next step); a second Ctrl-C exits at once.
import type { Db } from '../db/client';
import { experimentResult, type ExperimentResult } from '../training/experiment-result';
import { progressLine } from '../training/format';
import { openRunCount } from '../store/queue-rows';
import { cancelJob, type Enqueued } from './queue';
import { runWorker } from './worker';

export async function runForeground(db: Db, queued: Enqueued, opts: { quiet?: boolean } = {}): Promise<ExperimentResult> {
  const tty = process.stderr.isTTY;
  const t0 = Date.now();
  let lastPrint = 0;
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\ncancelling (Ctrl-C again to quit at once)...\n');
    void Promise.all(queued.jobIds.map((id) => cancelJob(db, id)));
  };
  process.on('SIGINT', onSigint);
  const runIndex = new Map(queued.runIds.map((id, i) => [id, i + 1]));
  let stepT0 = Date.now();
  let lastRun = -1;
  try {
    const workerOptions: Parameters<typeof runWorker>[1] = {
      workerId: `cli:${process.pid}`,
      jobIds: queued.jobIds,
      exitWhenIdle: true,
      onStep: opts.quiet
        ? undefined
        : (s, runId) => {
            if (runId !== lastRun) {
              lastRun = runId;
              stepT0 = Date.now();
            }
            const now = Date.now();
            if (!tty && now - lastPrint < 5000 && s.step !== s.totalSteps) return;
            lastPrint = now;
            const etaMs = ((now - stepT0) / s.step) * (s.totalSteps - s.step);
            const line = progressLine({
              label: `run ${runIndex.get(runId)}/${queued.runIds.length} (#${runId})`,
              step: s.step,
              totalSteps: s.totalSteps,
              loss: s.loss,
              ce: s.ce,
              dml: s.dml,
              etaMs,
            });
            process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
          },
      onJobEnd: (_job, outcome) => {
        if (!opts.quiet && tty) process.stderr.write('\n');
        if (!opts.quiet && outcome.status !== 'done')
          process.stderr.write(`run ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}\n`);
      },
    };
    await runWorker(db, workerOptions);
    // runs another worker claimed first: wait for them (and take back any it gives up)
    for (let said = false; !interrupted && (await openRunCount(db, queued.runIds)) > 0; said = true) {
      if (!said && !opts.quiet) process.stderr.write('waiting for runs another worker is running...\n');
      await new Promise((r) => setTimeout(r, 1000));
      await runWorker(db, { ...workerOptions, exitWhenIdle: true });
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (!opts.quiet) process.stderr.write(`finished in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return experimentResult(db, queued.experimentId);
}
