import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDb, type TestDb } from '../helpers/db';
import { cancelJob, cancelRun, enqueueTrain, planRuns } from '../../lib/jobs/queue';
import { claimJob, finishJob, heartbeat, reapExpiredLeases, releaseJob, MAX_ATTEMPTS } from '../../lib/jobs/lease';
import { ConfigError } from '../../lib/errors';
import { createToyDataset } from '../training/toy-data';

async function setup(): Promise<{ t: TestDb; config: Record<string, unknown> }> {
  const t = await createTestDb();
  await createToyDataset(t.db, { n: 40 });
  const modelDir = path.join(t.dir, 'model');
  fs.mkdirSync(modelDir);
  fs.writeFileSync(path.join(modelDir, 'config.json'), '{}');
  return { t, config: { dataset: 'TOY', model: modelDir, loss: 'soft-triple', samples: 8, folds: 4, seeds: [1, 2] } };
}

test('enqueueTrain creates one experiment, a run and a job per fold/seed; bad configs queue nothing', async () => {
  const { t, config } = await setup();
  try {
    const q = await enqueueTrain(t.db, config);
    assert.equal(q.runIds.length, 8);
    assert.equal(q.jobIds.length, 8);
    const runs = await t.db.run.findMany({ where: { experimentId: q.experimentId }, orderBy: { id: 'asc' } });
    assert.deepEqual(
      runs.map((r) => [r.fold, r.seed]),
      planRuns({ protocol: 'kfold', folds: 4, seeds: [1, 2] }).map((p) => [p.fold, p.seed]),
    );
    assert.ok(runs.every((r) => r.status === 'queued' && r.sampleSize === 8));
    await assert.rejects(
      enqueueTrain(t.db, { ...config, beta: -1, foo: 1 }),
      (e: unknown) => e instanceof ConfigError && e.problems.length === 2,
    );
    assert.equal(await t.db.run.count(), 8);
  } finally {
    await t.cleanup();
  }
});

test('two worker processes never claim the same job', async () => {
  const { t, config } = await setup();
  try {
    const q1 = await enqueueTrain(t.db, { ...config, seeds: [1, 2, 3, 4, 5] });
    const q2 = await enqueueTrain(t.db, { ...config, seeds: [6, 7, 8, 9, 10] });
    const all = [...q1.jobIds, ...q2.jobIds];
    const child = path.join(import.meta.dirname, 'claim-child.ts');
    const run = (id: string) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', child, id], { env: { ...process.env, DATABASE_URL: t.url } });
    const [a, b] = await Promise.all([run('w1'), run('w2')]);
    const ga = JSON.parse(a.stdout) as number[];
    const gb = JSON.parse(b.stdout) as number[];
    assert.equal(ga.filter((id) => gb.includes(id)).length, 0, 'a job was claimed twice');
    assert.deepEqual(
      [...ga, ...gb].sort((x, y) => x - y),
      all,
    );
    const jobs = await t.db.job.findMany();
    assert.ok(jobs.every((j) => j.status === 'running' && j.attempts === 1));
  } finally {
    await t.cleanup();
  }
});

test('an expired lease interrupts the run and makes the job claimable again', async () => {
  const { t, config } = await setup();
  try {
    const q = await enqueueTrain(t.db, { ...config, seeds: [1], folds: 2 });
    const job = await claimJob(t.db, 'dead', { leaseMs: 600 });
    assert.ok(job);
    await t.db.run.update({ where: { id: job.runId! }, data: { status: 'running' } });
    // live lease: nobody else gets it
    const other = await claimJob(t.db, 'w2', { jobIds: [job.id] });
    assert.equal(other, null);
    await new Promise((r) => setTimeout(r, 650));
    assert.deepEqual(await reapExpiredLeases(t.db), [job.id]);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: job.runId! } });
    assert.equal(run.status, 'interrupted');
    assert.match(run.error ?? '', /lease expired/);
    const again = await claimJob(t.db, 'w2', { jobIds: [job.id] });
    assert.equal(again?.id, job.id);
    assert.equal(again?.attempts, 2);
    // the dead worker's heartbeat and finish are refused
    assert.deepEqual(await heartbeat(t.db, job.id, 'dead'), { held: false, cancelRequested: false });
    assert.equal(await finishJob(t.db, job.id, 'dead', 'done'), false);
    assert.equal(await finishJob(t.db, job.id, 'w2', 'done'), true);
    assert.equal(q.jobIds.length, 2);
  } finally {
    await t.cleanup();
  }
});

test('a job whose workers keep dying ends failed', async () => {
  const { t, config } = await setup();
  try {
    const q = await enqueueTrain(t.db, { ...config, seeds: [1], folds: 2 });
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      assert.ok(await claimJob(t.db, `w${i}`, { leaseMs: 1, jobIds: [q.jobIds[0]] }));
      await new Promise((r) => setTimeout(r, 5));
      await reapExpiredLeases(t.db);
    }
    const job = await t.db.job.findUniqueOrThrow({ where: { id: q.jobIds[0] } });
    assert.equal(job.status, 'failed');
    assert.equal((await t.db.run.findUniqueOrThrow({ where: { id: q.runIds[0] } })).status, 'failed');
  } finally {
    await t.cleanup();
  }
});

test('cancel: queued jobs end at once, running ones are asked to stop; release interrupts', async () => {
  const { t, config } = await setup();
  try {
    const q = await enqueueTrain(t.db, { ...config, seeds: [1], folds: 3 });
    assert.equal(await cancelJob(t.db, q.jobIds[0]), 'cancelled');
    assert.equal((await t.db.run.findUniqueOrThrow({ where: { id: q.runIds[0] } })).status, 'cancelled');
    const job = await claimJob(t.db, 'w');
    assert.equal(job?.id, q.jobIds[1]);
    assert.equal(await cancelRun(t.db, q.runIds[1]), 'cancel-requested');
    assert.deepEqual(await heartbeat(t.db, job.id, 'w'), { held: true, cancelRequested: true });
    assert.equal(await cancelJob(t.db, q.jobIds[0]), 'already-finished');
    assert.equal(await cancelJob(t.db, 9999), 'not-found');
    const j3 = await claimJob(t.db, 'w');
    await t.db.run.update({ where: { id: j3!.runId! }, data: { status: 'running' } });
    await releaseJob(t.db, j3!.id, 'w', 'worker stopped');
    assert.equal((await t.db.run.findUniqueOrThrow({ where: { id: j3!.runId! } })).status, 'interrupted');
    assert.equal((await t.db.job.findUniqueOrThrow({ where: { id: j3!.id } })).status, 'queued');
  } finally {
    await t.cleanup();
  }
});
