// Crash safety with real `dml-lens worker` processes on a real SQLite database: a sweep of 6
// short runs survives 10 SIGKILLs of its workers at random moments, and kills at the dangerous
// points (right after the results were stored; between two artifact files) cost at most a
// re-run: every run ends done exactly once, with one set of predictions, no job stuck, no temp
// files left. The tally is printed (see docs/reliability.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readArray } from '../../lib/store/arrays';
import { jobsFixture, queueShortSweep, sleep, startWorker, tempFiles, traceTally, until, type JobsFixture } from './fixture';

/** Every run done, its predictions = its evaluated sentences, its artifacts on disk with their checksums. */
async function assertAllDoneOnce(f: JobsFixture, runIds: number[], trace: string): Promise<Record<string, number>> {
  const runs = await f.t.db.run.findMany({
    where: { id: { in: runIds } },
    include: { _count: { select: { predictions: true } }, artifacts: true },
  });
  const jobs = await f.t.db.job.findMany({ where: { runId: { in: runIds } } });
  const tally = traceTally(trace);
  for (const r of runs) {
    assert.equal(r.status, 'done', `run ${r.id}: ${r.status} ${r.error ?? ''}`);
    assert.equal(r._count.predictions, r.evalSize, `run ${r.id}: one set of predictions`);
    assert.equal(r.artifacts.length, r.loss === 'ce' ? 1 : 2, `run ${r.id}: artifacts`);
    for (const a of r.artifacts)
      assert.deepEqual(readArray(path.join(f.home, 'runs', ...a.path.split('/'))).shape, JSON.parse(a.shapeJson)); // the default artifact store: <home>/runs
    const steps = await f.t.db.metric.count({ where: { runId: r.id, key: 'loss' } });
    assert.equal(steps, 2 * Math.ceil((r.trainSize ?? 0) / 8), `run ${r.id}: only the finishing attempt's steps`);
    const t = tally.get(r.id);
    assert.ok(t && t.done <= 1, `run ${r.id} finished ${t?.done} times`);
  }
  assert.deepEqual(
    jobs.filter((j) => j.status !== 'done').map((j) => `${j.id}:${j.status}`),
    [],
    'no job stuck',
  );
  assert.deepEqual(tempFiles(f.home), [], 'no temp files left');
  return {
    runs: runs.length,
    done: runs.filter((r) => r.status === 'done').length,
    finishedTwice: [...tally.values()].filter((t) => t.done > 1).length,
    attemptsStarted: [...tally.values()].reduce((s, t) => s + t.start, 0),
    refusedRetrainOfDone: [...tally.values()].reduce((s, t) => s + t.alreadyDone, 0),
    stuckJobs: jobs.filter((j) => j.status !== 'done').length,
    tempFiles: tempFiles(f.home).length,
  };
}

test('kill loop: 10 random SIGKILLs of workers; every run done exactly once', async () => {
  const f = await jobsFixture();
  try {
    const q = await queueShortSweep(f); // 2 losses x 3 folds = 6 runs
    const runIds = (await f.t.db.run.findMany({ where: { experimentId: { in: q.experimentIds } }, select: { id: true } })).map((r) => r.id);
    assert.equal(runIds.length, 6);
    const trace = path.join(f.t.dir, 'trace.log');
    const env = { ...f.env, DML_TRACE_FILE: trace };
    const args = ['--lease-seconds', '2', '--poll-seconds', '0.2', '--max-attempts', '50', '--once'];
    let kills = 0;
    for (let i = 0; i < 10; i++) {
      const w = startWorker(env, args);
      // odd rounds: a random moment after the worker started a job (training, evaluation, results);
      // even rounds: a random moment after the process started (start-up, reaping, claiming)
      const starts = (fs.existsSync(trace) ? fs.readFileSync(trace, 'utf8') : '').split('start run=').length;
      const ready =
        i % 2
          ? until(
              () => fs.existsSync(trace) && fs.readFileSync(trace, 'utf8').split('start run=').length > starts,
              120_000,
              'a run to start',
            ).catch(() => {})
          : Promise.resolve();
      const exited = await Promise.race([
        w.exited.then(() => true),
        ready.then(() => sleep(i % 2 ? Math.random() * 2500 : 500 + Math.random() * 4000)).then(() => false),
      ]);
      if (!exited) {
        w.child.kill('SIGKILL');
        kills++;
      }
      await w.exited;
    }
    const drain = startWorker(env, ['--lease-seconds', '5', '--poll-seconds', '0.2', '--max-attempts', '50', '--once']);
    const end = await drain.exited;
    assert.equal(end.code, 0, drain.output());
    await sleep(300); // orphaned job processes notice their worker is gone and exit
    const tally = await assertAllDoneOnce(f, runIds, trace);
    console.log(`kill-loop tally: ${JSON.stringify({ kills, ...tally })}`);
  } finally {
    await f.cleanup();
  }
});

for (const point of ['after-results', 'during-artifacts'] as const) {
  test(`a kill at "${point}" costs at most a re-run; nothing is duplicated or left behind`, async () => {
    const f = await jobsFixture();
    try {
      const q = await queueShortSweep(f, ['soft-triple'], 2);
      const runIds = (
        await f.t.db.run.findMany({ where: { experimentId: { in: q.experimentIds } }, select: { id: true }, orderBy: { id: 'asc' } })
      ).map((r) => r.id);
      const trace = path.join(f.t.dir, 'trace.log');
      const env = { ...f.env, DML_TRACE_FILE: trace, DML_FAULT: point, DML_FAULT_MARKER: path.join(f.t.dir, 'fault-fired') };
      const w = startWorker(env, ['--lease-seconds', '2', '--poll-seconds', '0.2', '--once']);
      const crash = await w.exited;
      assert.equal(crash.signal, 'SIGKILL', `the worker died at the fault point\n${w.output()}`);
      assert.ok(fs.existsSync(path.join(f.t.dir, 'fault-fired')));
      const first = await f.t.db.run.findUniqueOrThrow({ where: { id: runIds[0] }, include: { jobs: true } });
      if (point === 'after-results') {
        // results and the job's end were one transaction: nothing is left to redo
        assert.equal(first.status, 'done');
        assert.equal(first.jobs[0].status, 'done');
      } else {
        assert.equal(first.status, 'running');
        assert.equal(first.jobs[0].status, 'running');
      }
      const drain = startWorker(env, ['--lease-seconds', '2', '--poll-seconds', '0.2', '--once']);
      assert.equal((await drain.exited).code, 0, drain.output());
      await assertAllDoneOnce(f, runIds, trace);
      const t = traceTally(trace).get(runIds[0])!;
      assert.deepEqual([t.start, t.done], point === 'after-results' ? [1, 1] : [2, 1]);
      const job = await f.t.db.job.findFirstOrThrow({ where: { runId: runIds[0] } });
      assert.equal(job.attempts, point === 'after-results' ? 1 : 2);
    } finally {
      await f.cleanup();
    }
  });
}
