// Cancel wins over re-queue: a run cancelled while its worker is dead ends cancelled (job, run,
// experiment, sweep) when the lease runs out, instead of being trained again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cancelRun } from '../../lib/jobs/queue';
import { jobsFixture, queueShortSweep, startWorker, until } from './fixture';

test('a running job cancelled while its worker is dead ends cancelled, with its run, experiment and sweep', async () => {
  const f = await jobsFixture();
  try {
    const q = await queueShortSweep(f, ['ce'], 2, { epochs: 400 });
    const runIds = (
      await f.t.db.run.findMany({ where: { experimentId: q.experimentIds[0] }, orderBy: { id: 'asc' }, select: { id: true } })
    ).map((r) => r.id);
    const a = startWorker(f.env, ['--lease-seconds', '2', '--poll-seconds', '0.2']);
    await until(async () => (await f.t.db.metric.count({ where: { runId: runIds[0] } })) > 0, 120_000, 'the worker to train');
    process.kill(-a.child.pid!, 'SIGKILL'); // the worker and its job process die
    await a.exited;
    assert.equal(await cancelRun(f.t.db, runIds[0]), 'cancel-requested');
    assert.equal(await cancelRun(f.t.db, runIds[1]), 'cancelled');
    const b = startWorker(f.env, ['--lease-seconds', '2', '--poll-seconds', '0.2', '--once']);
    assert.equal((await b.exited).code, 0, b.output()); // --once waited for the dead lease, then reaped it
    const run = await f.t.db.run.findUniqueOrThrow({ where: { id: runIds[0] }, include: { jobs: true } });
    assert.equal(run.status, 'cancelled');
    assert.equal(run.jobs[0].status, 'cancelled');
    assert.equal(run.jobs[0].attempts, 1);
    assert.equal((await f.t.db.experiment.findUniqueOrThrow({ where: { id: q.experimentIds[0] } })).status, 'cancelled');
    assert.equal((await f.t.db.sweep.findUniqueOrThrow({ where: { id: q.sweepId } })).status, 'cancelled');
    assert.equal(await f.t.db.job.count({ where: { status: { in: ['queued', 'running'] } } }), 0);
  } finally {
    await f.cleanup();
  }
});
