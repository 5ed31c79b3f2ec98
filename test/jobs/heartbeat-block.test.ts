// Heartbeats do not starve: a training step that blocks the job process's event loop for longer
// than the lease (a test-only fault) does not lose the lease; the worker keeps heartbeating,
// a reaper finds nothing to reap, and the run finishes on its first attempt. Graceful stop
// (SIGTERM) gives the job back without counting an attempt and exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reapExpiredLeases } from '../../lib/jobs/lease';
import { jobsFixture, queueShortSweep, sleep, startWorker, until } from './fixture';

test('a step blocking longer than the lease keeps its lease (heartbeats come from the worker)', async () => {
  const f = await jobsFixture();
  try {
    const q = await queueShortSweep(f, ['ce'], 2);
    const runId = (await f.t.db.run.findFirstOrThrow({ where: { experimentId: q.experimentIds[0] }, orderBy: { id: 'asc' } })).id;
    const job = await f.t.db.job.findFirstOrThrow({ where: { runId } });
    await f.t.db.job.updateMany({ where: { id: { not: job.id } }, data: { status: 'cancelled' } });
    const w = startWorker({ ...f.env, DML_FAULT: 'block-step:8000' }, ['--lease-seconds', '3', '--poll-seconds', '0.2', '--once']);
    let ended = false;
    void w.exited.then(() => {
      ended = true;
    });
    const beats = new Set<number>();
    let sawPhase = false;
    while (!ended) {
      const j = await f.t.db.job.findUniqueOrThrow({ where: { id: job.id } });
      if (j.status === 'running') {
        const now = Date.now();
        assert.ok(
          j.leaseUntil && j.leaseUntil.getTime() > now,
          `lease expired while running (${j.leaseUntil?.toISOString()} <= ${new Date(now).toISOString()})`,
        );
        assert.deepEqual(await reapExpiredLeases(f.t.db), []);
        if (j.heartbeatAt) beats.add(j.heartbeatAt.getTime());
        if (/inStep/.test(j.progressJson ?? '')) sawPhase = true;
      }
      await sleep(250);
    }
    assert.equal((await w.exited).code, 0, w.output());
    const run = await f.t.db.run.findUniqueOrThrow({ where: { id: runId }, include: { jobs: true } });
    assert.equal(run.status, 'done', run.error ?? '');
    assert.equal(run.jobs[0].attempts, 1);
    assert.ok(beats.size >= 5, `heartbeats during the blocked step: ${beats.size}`);
    assert.ok(sawPhase, 'progress within a step (forward/backward) was relayed');
  } finally {
    await f.cleanup();
  }
});

for (const [signal, group] of [
  ['SIGTERM', false],
  ['SIGINT', true],
] as const) {
  test(`${signal}${group ? ' to the process group (Ctrl-C in a terminal)' : ''} drains: the job goes back to the queue, not counted as an attempt; exit 0`, async () => {
    const f = await jobsFixture();
    try {
      const q = await queueShortSweep(f, ['ce'], 2, { epochs: 400 });
      const runId = (await f.t.db.run.findFirstOrThrow({ where: { experimentId: q.experimentIds[0] }, orderBy: { id: 'asc' } })).id;
      const w = startWorker(f.env, ['--id', 'polite', '--lease-seconds', '3', '--poll-seconds', '0.2']);
      await until(async () => (await f.t.db.metric.count({ where: { runId } })) > 0, 120_000, 'the worker to train');
      process.kill(group ? -w.child.pid! : w.child.pid!, signal);
      const end = await w.exited;
      assert.equal(end.code, 0, w.output());
      const run = await f.t.db.run.findUniqueOrThrow({ where: { id: runId }, include: { jobs: true } });
      assert.equal(run.status, 'interrupted', run.error ?? '');
      assert.equal(run.jobs[0].status, 'queued');
      assert.equal(run.jobs[0].attempts, 0, 'a graceful give-back is not an attempt');
      assert.equal(run.jobs[0].fenceToken, null);
      const worker = await f.t.db.worker.findUniqueOrThrow({ where: { id: 'polite' } });
      assert.equal(worker.status, 'stopped');
    } finally {
      await f.cleanup();
    }
  });
}
