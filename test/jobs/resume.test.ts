// A worker process killed mid-run: its run ends up interrupted, the job claimable again, and a
// second worker resumes it (from scratch) to done with only its own attempt's rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createTestDb } from '../helpers/db';
import { enqueueTrain } from '../../lib/jobs/queue';
import { reapExpiredLeases } from '../../lib/jobs/lease';
import { runWorker } from '../../lib/jobs/worker';
import { createToyDataset } from '../training/toy-data';
import { writeTinyModel } from '../training/tiny-model';

test('a killed worker leaves the run interrupted and another worker resumes it', async () => {
  const t = await createTestDb();
  const home = process.env.DML_LENS_HOME;
  process.env.DML_LENS_HOME = path.join(t.dir, 'home');
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
      epochs: 200,
      maxLength: 16,
      evalLimit: 20,
    });
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'worker-child.ts')], {
      env: { ...process.env, DATABASE_URL: t.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.on('exit', () => reject(new Error('worker exited before it was killed')));
      child.stdout.on('data', (chunk: Buffer) => {
        if (/step 3\b/.test(chunk.toString())) resolve();
      });
    });
    child.removeAllListeners('exit');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const mid = await t.db.run.findUniqueOrThrow({ where: { id: q.runIds[0] } });
    assert.equal(mid.status, 'running');
    assert.ok((await t.db.metric.count({ where: { runId: mid.id } })) > 0, 'the dead attempt logged steps');
    await new Promise((r) => setTimeout(r, 1600)); // its lease runs out
    assert.deepEqual(await reapExpiredLeases(t.db), [q.jobIds[0]]);
    const interrupted = await t.db.run.findUniqueOrThrow({ where: { id: q.runIds[0] } });
    assert.equal(interrupted.status, 'interrupted');
    assert.match(interrupted.error ?? '', /doomed stopped heartbeating/);
    // resume with fewer steps (the stored config is the run's; shorten it to keep the test fast)
    const cfg = JSON.parse(interrupted.configJson) as Record<string, unknown>;
    await t.db.run.update({ where: { id: interrupted.id }, data: { configJson: JSON.stringify({ ...cfg, epochs: 3 }) } });
    await runWorker(t.db, { workerId: 'rescuer', jobIds: [q.jobIds[0]], exitWhenIdle: true });
    const done = await t.db.run.findUniqueOrThrow({ where: { id: q.runIds[0] }, include: { jobs: true } });
    assert.equal(done.status, 'done', done.error ?? '');
    assert.equal(done.jobs[0].attempts, 2);
    assert.equal(done.jobs[0].workerId, 'rescuer');
    assert.equal(await t.db.metric.count({ where: { runId: done.id, key: 'loss' } }), 3 * 2, "only the resumed attempt's steps remain");
  } finally {
    if (home === undefined) delete process.env.DML_LENS_HOME;
    else process.env.DML_LENS_HOME = home;
    await t.cleanup();
  }
});
