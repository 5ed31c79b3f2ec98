// What running a job in its own process costs (lib/jobs/job-runner.ts): the same short tiny-model
// run executed in this process (executeRun, as workers did before) and through a worker's job
// process (fork + tsx + tfjs start-up, fenced writes, IPC), alternated, median of each.
// `npx tsx bench/jobs.ts` or `npm run bench -- --only jobs`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb } from '../lib/db/client';
import { initBackend } from '../lib/backend/backend';
import { initModel } from '../lib/model/init-model';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(opts: { peer?: boolean }): Promise<void> {
  await initBackend({ quiet: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-bench-jobs-'));
  const home = process.env.DML_LENS_HOME;
  const url = `file:${path.join(tmp, 'bench.db')}`;
  try {
    const { migrate } = await import('../scripts/setup');
    await migrate(url);
    const db = getDb(url);
    process.env.DML_LENS_HOME = path.join(tmp, 'home');
    const { importSentEval } = await import('../lib/data/import-senteval');
    await importSentEval(db, { tasks: ['MR'] });
    const { loadSplit } = await import('../lib/data/load-split');
    const texts = (await loadSplit(db, 'MR', 'train')).texts.slice(0, 2000);
    const model = await initModel({ arch: 'bert', size: 'tiny', texts, vocabSize: 4000, seed: 1, outDir: path.join(tmp, 'tiny') });
    const { enqueueTrain } = await import('../lib/jobs/queue');
    const { runWorker } = await import('../lib/jobs/worker');
    const { executeRun } = await import('../lib/training/execute-run');
    const reps = opts.peer ? 2 : 3;
    const seeds = Array.from({ length: 2 * reps + 1 }, (_, i) => i + 1); // 2 folds each: 4 reps + 2 runs
    const q = await enqueueTrain(db, {
      dataset: 'MR',
      model: model.dir,
      loss: 'ce',
      samples: 32,
      folds: 2,
      seeds,
      epochs: 2,
      batchSize: 16,
      maxLength: 32,
      evalLimit: 64,
    });
    await executeRun(db, q.runIds[0]); // warm-up: tfjs and the model code loaded in this process
    const timed = async (f: () => Promise<unknown>) => {
      const t0 = performance.now();
      await f();
      return performance.now() - t0;
    };
    // a worker's first job (the job process starts) against the same run in this process
    const inline: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < reps; i++) {
      inline.push(await timed(() => executeRun(db, q.runIds[1 + 2 * i])));
      cold.push(await timed(() => runWorker(db, { jobIds: [q.jobIds[2 + 2 * i]], exitWhenIdle: true, pollMs: 100 })));
    }
    // then `reps` jobs on one worker (one job process, reused) against `reps` runs in this process
    const rest = q.runIds.slice(1 + 2 * reps);
    const inlineMany = await timed(async () => {
      for (const id of rest.slice(0, reps)) await executeRun(db, id);
    });
    const workerMany = await timed(() =>
      runWorker(db, { jobIds: q.jobIds.slice(1 + 2 * reps + reps, 1 + 2 * reps + 2 * reps), exitWhenIdle: true, pollMs: 100 }),
    );
    const { countRuns } = await import('../lib/store/run-lookup');
    const notDone = await countRuns(db, { unfinishedOf: q.runIds.slice(0, 1 + 4 * reps) });
    if (notDone) throw new Error(`${notDone} bench runs did not finish`);
    const mi = median(inline);
    const mc = median(cold);
    console.log(
      `short tiny-model run (32 train / 64 eval sentences, 4 steps), median of ${reps}: in-process ${(mi / 1000).toFixed(2)} s; a worker's first job (job process starts) ${(mc / 1000).toFixed(2)} s: +${((mc - mi) / 1000).toFixed(2)} s`,
    );
    console.log(
      `${reps} such runs: in-process ${(inlineMany / 1000).toFixed(2)} s; on one worker (one job process, reused) ${(workerMany / 1000).toFixed(2)} s: +${((workerMany - inlineMany) / 1000 / reps).toFixed(2)} s per job, start-up included`,
    );
  } finally {
    await closeDb(url);
    if (home === undefined) delete process.env.DML_LENS_HOME;
    else process.env.DML_LENS_HOME = home;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('jobs.ts')) await run({ peer: process.argv.includes('--peer') });
