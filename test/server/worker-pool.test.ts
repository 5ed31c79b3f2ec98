// The supervised worker pool with real `dml-lens worker` processes on a real SQLite database: a
// pool worker killed with SIGKILL mid-run is restarted (the crash recorded for the overview), its
// job goes back to the queue at once, and every run still ends done exactly once; stopping the
// pool stops every process it started (checked by process id) and marks its workers stopped.
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { enqueueTrain } from '../../lib/jobs/queue';
import { MAX_ATTEMPTS } from '../../lib/jobs/lease';
import { giveBackJobsOf, WorkerPool, threadsPerWorker } from '../../lib/server/worker-pool';
import { pidAlive, readPoolStatuses } from '../../lib/store/pool-status';
import { queueWait, workerState } from '../../lib/store/views/workers';
import { createTestDb } from '../helpers/db';
import { createToyDataset } from '../training/toy-data';
import { writeTinyModel } from '../training/tiny-model';

const until = async (what: string, ok: () => Promise<boolean> | boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

// long enough to be killed mid-run: a micro-model step takes milliseconds with the native kernels
const EPOCHS = 400;

test('pool: SIGKILL of a worker mid-run -> restarted, each run done once; stop leaves no process', { timeout: 600_000 }, async () => {
  const t = await createTestDb();
  const savedHome = process.env.DML_LENS_HOME;
  const home = path.join(t.dir, 'home');
  process.env.DML_LENS_HOME = home;
  const lines: string[] = [];
  let pool: WorkerPool | undefined;
  try {
    await createToyDataset(t.db, { n: 80 });
    const model = await writeTinyModel(path.join(t.dir, 'micro'));
    const q = await enqueueTrain(t.db, {
      dataset: 'TOY',
      model,
      loss: 'ce',
      samples: 16,
      folds: 2,
      seeds: [3],
      lr: 3e-3,
      batchSize: 8,
      epochs: EPOCHS,
      maxLength: 16,
      evalLimit: 20,
    });
    pool = new WorkerPool({
      size: 1,
      root: process.cwd(),
      env: { DATABASE_URL: t.url, DML_LENS_HOME: home },
      db: t.db,
      minBackoffMs: 300,
      stopGraceMs: 20_000,
      log: (l) => lines.push(l),
    });
    pool.start();
    const first = pool.pids()[0];
    assert.ok(first && pidAlive(first));
    await until(
      'the first run to log a training step',
      async () => (await t.db.metric.count({ where: { runId: q.runIds[0], key: 'loss' } })) >= 2,
      180_000,
    );
    const job = await t.db.job.findFirstOrThrow({ where: { runId: q.runIds[0] } });
    assert.equal(job.status, 'running');
    process.kill(first, 'SIGKILL');
    await until('the pool to restart the worker', () => pool!.pids().length === 1 && pool!.pids()[0] !== first, 30_000);
    assert.ok(!pidAlive(first), 'the killed worker is gone');
    const status = readPoolStatuses(home).find((s) => s.serverPid === process.pid);
    assert.equal(status?.slots[0].restarts, 1);
    assert.equal(status?.slots[0].lastCrash?.signal, 'SIGKILL');
    assert.ok(
      lines.some((l) => /worker 1 \(pid \d+\) was killed by SIGKILL; job\(s\) \d+ back in the queue; restarting/.test(l)),
      lines.join('\n'),
    );

    await until(
      'both runs to finish',
      async () => (await t.db.run.count({ where: { id: { in: q.runIds }, status: { in: ['done', 'failed'] } } })) === 2,
      400_000,
    );
    for (const id of q.runIds) {
      const run = await t.db.run.findUniqueOrThrow({ where: { id }, include: { jobs: true } });
      assert.equal(run.status, 'done', run.error ?? '');
      assert.equal(run.jobs.length, 1);
      assert.equal(run.jobs[0].status, 'done');
      assert.equal(await t.db.prediction.count({ where: { runId: id } }), run.evalSize, 'one set of predictions');
      assert.equal(await t.db.metric.count({ where: { runId: id, key: 'loss' } }), EPOCHS * 2, "one attempt's steps");
    }
    assert.equal((await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).attempts, 2, 'the killed attempt and the one that finished');

    const pids = pool.pids();
    await pool.stop();
    for (const pid of [first, ...pids]) assert.ok(!pidAlive(pid), `pid ${pid} stopped`);
    assert.deepEqual(readPoolStatuses(home), [], 'the status file is gone');
    const rows = await t.db.worker.findMany();
    assert.ok(rows.length >= 1 && rows.every((w) => w.status === 'stopped'), JSON.stringify(rows));
    assert.ok(
      rows.every((w) => workerState(w, new Date()).state === 'stopped'),
      'a worker that stopped is never shown as lost',
    );
  } finally {
    await pool?.stop();
    if (savedHome === undefined) delete process.env.DML_LENS_HOME;
    else process.env.DML_LENS_HOME = savedHome;
    await t.cleanup();
  }
});

test('worker states: stopped, idle, busy, lost; a normal exit is never lost', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  const row = (o: Partial<Parameters<typeof workerState>[0]>) => ({
    id: 'w',
    pid: 42,
    host: 'elsewhere',
    status: 'idle',
    currentJobId: null,
    heartbeatAt: ago(1),
    ...o,
  });
  assert.equal(workerState(row({ status: 'stopped', heartbeatAt: ago(9999) }), now).state, 'stopped');
  assert.equal(workerState(row({ status: 'stopped', currentJobId: 3, heartbeatAt: ago(9999) }), now).state, 'stopped');
  assert.equal(workerState(row({}), now).state, 'idle');
  assert.equal(workerState(row({ status: 'busy', currentJobId: 3 }), now).state, 'busy');
  // heartbeats every lease/3 (40 s with the default 2-minute lease): 90 s without one is still alive
  assert.equal(workerState(row({ status: 'busy', currentJobId: 3, heartbeatAt: ago(90) }), now).state, 'busy');
  // a long step: no row heartbeat for 10 minutes, but the job's lease is live
  assert.equal(
    workerState(row({ status: 'busy', currentJobId: 3, heartbeatAt: ago(600) }), now, { liveLeaseJobIds: new Set([3]) }).state,
    'busy',
  );
  assert.equal(
    workerState(row({ status: 'busy', currentJobId: 3, heartbeatAt: ago(600) }), now, { liveLeaseJobIds: new Set() }).state,
    'lost',
  );
  assert.equal(workerState(row({ heartbeatAt: ago(600) }), now).state, 'stopped', 'gone without a job: nothing lost');
  // on this machine the process table decides
  const local = { localHost: 'here', isPidAlive: (pid: number) => pid === 7 };
  assert.equal(workerState(row({ host: 'here', pid: 7, heartbeatAt: ago(9999) }), now, local).state, 'idle');
  assert.equal(workerState(row({ host: 'here', pid: 8, status: 'busy', currentJobId: 1 }), now, local).state, 'lost');
  assert.equal(threadsPerWorker(1, 2), 2);
  assert.equal(threadsPerWorker(2, 2), 1);
  assert.equal(threadsPerWorker(3, 2), 1);
});

test('a queued run with no live worker for more than a minute is flagged (queueWait)', async () => {
  const t = await createTestDb();
  try {
    await createToyDataset(t.db, { n: 40 });
    const model = await writeTinyModel(path.join(t.dir, 'micro'));
    const q = await enqueueTrain(t.db, { dataset: 'TOY', model, loss: 'ce', samples: 8, folds: 2, seeds: [1], epochs: 1, maxLength: 16 });
    const runId = q.runIds[0];
    const now = new Date();
    assert.equal((await queueWait(t.db, runId, now))?.unattended, false, 'just queued');
    await t.db.job.updateMany({ where: { runId }, data: { createdAt: new Date(now.getTime() - 2 * 60_000) } });
    const wait = await queueWait(t.db, runId, now);
    assert.equal(wait?.unattended, true);
    assert.ok(wait.waitingMs >= 120_000);
    // a stopped worker (normal exit) does not count; a live one on this machine does
    await t.db.worker.create({ data: { id: 'gone', pid: 999_999_999, host: os.hostname(), status: 'stopped' } });
    assert.equal((await queueWait(t.db, runId, now))?.unattended, true);
    await t.db.worker.create({
      data: { id: 'me', pid: process.pid, host: os.hostname(), status: 'idle', heartbeatAt: new Date(now.getTime() - 10 * 60_000) },
    });
    assert.deepEqual(await queueWait(t.db, runId, now), { waitingMs: wait.waitingMs, liveWorkers: 1, unattended: false });
  } finally {
    await t.cleanup();
  }
});

test('jobs of a dead pool worker: back to the queue, or failed after MAX_ATTEMPTS crashes', async () => {
  const t = await createTestDb();
  try {
    await createToyDataset(t.db, { n: 40 });
    const model = await writeTinyModel(path.join(t.dir, 'micro'));
    const q = await enqueueTrain(t.db, { dataset: 'TOY', model, loss: 'ce', samples: 8, folds: 2, seeds: [1], epochs: 1, maxLength: 16 });
    const [a, b] = q.jobIds;
    await t.db.job.update({
      where: { id: a },
      data: { status: 'running', workerId: 'dead', attempts: 1, leaseUntil: new Date(Date.now() + 60_000) },
    });
    await t.db.job.update({
      where: { id: b },
      data: { status: 'running', workerId: 'dead', attempts: MAX_ATTEMPTS, leaseUntil: new Date(Date.now() + 60_000) },
    });
    await t.db.run.updateMany({ where: { id: { in: q.runIds } }, data: { status: 'running' } });
    await t.db.worker.create({ data: { id: 'dead', pid: 1, host: 'h', status: 'busy', currentJobId: b } });
    assert.deepEqual((await giveBackJobsOf(t.db, 'dead', 'pool worker 1 was killed by SIGKILL')).sort(), [a, b].sort());
    const ja = await t.db.job.findUniqueOrThrow({ where: { id: a }, include: { run: true } });
    assert.equal(ja.status, 'queued');
    assert.equal(ja.run?.status, 'interrupted');
    const jb = await t.db.job.findUniqueOrThrow({ where: { id: b }, include: { run: true } });
    assert.equal(jb.status, 'failed');
    assert.match(jb.error ?? '', /killed by SIGKILL; gave up after 3 attempts/);
    assert.equal(jb.run?.status, 'failed');
    assert.equal((await t.db.worker.findUniqueOrThrow({ where: { id: 'dead' } })).status, 'stopped');
  } finally {
    await t.cleanup();
  }
});
