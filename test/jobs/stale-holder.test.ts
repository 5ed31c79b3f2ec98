// A worker frozen (SIGSTOP) past its lease loses the job to another worker, while its job process
// goes on training with the old claim: once the other worker has claimed the job, every write of
// the old holder is refused (fencing) and it stops; when the worker resumes (SIGCONT), its
// heartbeat is refused too and it records nothing. One result is stored.
// (The job process is not frozen with it: on SQLite a process frozen inside a write transaction
// holds the database's write lock until it resumes; see docs/reliability.md.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { jobsFixture, queueShortSweep, sleep, startWorker, traceTally, until } from './fixture';

test("a frozen worker past its lease: another takes the run, the first one's writes are refused", async () => {
  const f = await jobsFixture();
  try {
    const q = await queueShortSweep(f, ['ce'], 2, { epochs: 400 });
    const [runId] = (
      await f.t.db.run.findMany({ where: { experimentId: q.experimentIds[0] }, orderBy: { id: 'asc' }, select: { id: true } })
    ).map((r) => r.id);
    const job = await f.t.db.job.findFirstOrThrow({ where: { runId } });
    await f.t.db.job.updateMany({ where: { id: { not: job.id } }, data: { status: 'cancelled' } }); // one run is enough here
    const trace = path.join(f.t.dir, 'trace.log');
    const env = { ...f.env, DML_TRACE_FILE: trace };
    const a = startWorker(env, ['--id', 'frozen', '--lease-seconds', '2', '--poll-seconds', '0.2', '--once']);
    await until(async () => (await f.t.db.metric.count({ where: { runId } })) > 3, 120_000, 'the first worker to train');
    process.kill(a.child.pid!, 'SIGSTOP'); // the worker: no more heartbeats
    try {
      // the rescuer trains a shorter run (the stored config is the run's)
      const run = await f.t.db.run.findUniqueOrThrow({ where: { id: runId } });
      await f.t.db.run.update({ where: { id: runId }, data: { configJson: JSON.stringify({ ...JSON.parse(run.configJson), epochs: 2 }) } });
      await sleep(2500);
      const b = startWorker(env, ['--id', 'rescuer', '--lease-seconds', '5', '--poll-seconds', '0.2', '--once']);
      assert.equal((await b.exited).code, 0, b.output());
    } finally {
      process.kill(a.child.pid!, 'SIGCONT');
    }
    const endA = await a.exited;
    assert.equal(endA.code, 0, a.output());
    assert.match(a.output(), /job \d+ lost/);
    const done = await f.t.db.run.findUniqueOrThrow({
      where: { id: runId },
      include: { jobs: true, _count: { select: { predictions: true } } },
    });
    assert.equal(done.status, 'done', done.error ?? '');
    assert.equal(done._count.predictions, done.evalSize);
    assert.equal(await f.t.db.metric.count({ where: { runId, key: 'loss' } }), 4, "only the rescuer's steps");
    assert.equal(done.jobs[0].workerId, 'rescuer');
    assert.equal(done.jobs[0].attempts, 2);
    assert.deepEqual(traceTally(trace).get(runId), { start: 2, done: 1, alreadyDone: 0 });
  } finally {
    await f.cleanup();
  }
});
