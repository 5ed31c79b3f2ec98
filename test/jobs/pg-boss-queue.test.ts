// The JobQueue contract on pg-boss (lib/jobs/pg-boss-queue.ts), each test on its own PostgreSQL
// database (created and dropped here), plus what is particular to pg-boss: its tables in their own
// schema, doorbells for Job rows made outside the queue (a sweep), doorbells closed when jobs end,
// one queued doorbell per run. Without a PostgreSQL server the tests are skipped with a message;
// with CI=true that is a failure.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { connectPostgres } from '../../lib/db/pg-connect';
import { PgBossJobQueue, BOSS_SCHEMA, bossQueueName } from '../../lib/jobs/pg-boss-queue';
import { enqueueTrain } from '../../lib/jobs/queue';
import { openJobQueue } from '../../lib/jobs/queue-choice';
import { createTestDb, testPostgresUrl, type TestDb } from '../helpers/db';
import { createToyDataset } from '../training/toy-data';
import { queueContract } from './queue-contract';

async function postgresProblem(): Promise<string | undefined> {
  try {
    await (await connectPostgres(testPostgresUrl())).end();
    return undefined;
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    return (err as Error).message;
  }
}

/** A PostgreSQL test database with two queued-less runs of a toy dataset. */
async function fixture(): Promise<{ t: TestDb; runIds: number[]; modelDir: string }> {
  const t = await createTestDb({ kind: 'postgresql' });
  await createToyDataset(t.db, { n: 40 });
  const modelDir = path.join(t.dir, 'model');
  fs.mkdirSync(modelDir);
  fs.writeFileSync(path.join(modelDir, 'config.json'), '{}');
  const q = await enqueueTrain(t.db, { dataset: 'TOY', model: modelDir, loss: 'ce', samples: 8, folds: 2, seeds: [1] });
  await t.db.job.deleteMany(); // the tests enqueue their own jobs for these runs
  return { t, runIds: q.runIds, modelDir };
}

async function open(t: TestDb): Promise<PgBossJobQueue> {
  return PgBossJobQueue.open(t.db, t.url, ['train']);
}

const problem = await postgresProblem();
if (problem) {
  test('pg-boss queue', { skip: `no PostgreSQL at ${testPostgresUrl()} (${problem}); set DML_TEST_PG_URL` }, () => {});
} else {
  queueContract('pg-boss', async () => {
    const { t, runIds } = await fixture();
    const queue = await open(t);
    return {
      queue,
      db: t.db,
      runIds,
      cleanup: async () => {
        await queue.close();
        await t.cleanup();
      },
    };
  });

  test('[pg-boss] its tables live in their own schema; ours stay in public', async () => {
    const { t } = await fixture();
    const queue = await open(t);
    try {
      const rows = await t.db.$queryRawUnsafe<{ table_schema: string; table_name: string }[]>(
        `SELECT table_schema::text AS table_schema, table_name::text AS table_name FROM information_schema.tables WHERE table_name IN ('job', 'Job')`,
      );
      const where = rows.map((r) => `${r.table_schema}.${r.table_name}`).sort();
      assert.deepEqual(where, [`${BOSS_SCHEMA}.job`, 'public.Job']);
    } finally {
      await queue.close();
      await t.cleanup();
    }
  });

  test('[pg-boss] rows queued outside the queue (a sweep) get doorbells and are claimed; ended jobs close theirs', async () => {
    const { t, modelDir } = await fixture();
    const queue = await open(t);
    try {
      const q = await enqueueTrain(
        t.db,
        { dataset: 'TOY', model: modelDir, loss: 'ce', samples: 8, folds: 2, seeds: [1] },
        { priority: 1 },
      );
      const claimed = [];
      for (let i = 0; i < 2; i++) claimed.push((await queue.claim(`w${i}`, { leaseMs: 60_000 }))!);
      assert.deepEqual(claimed.map((j) => j.id).sort(), [...q.jobIds].sort());
      assert.equal(await queue.claim('w9', { leaseMs: 60_000 }), null);
      assert.equal(await queue.finish(claimed[0], 'w0', 'done'), true);
      await queue.release(claimed[1], 'w1', 'stopping'); // queued again: a new doorbell
      const name = bossQueueName('train');
      const bells = await queue.boss.findJobs<{ jobId: number }>(name, {});
      const states = bells.map((b) => `${b.data.jobId}:${b.state}`).sort();
      assert.deepEqual(states, [`${claimed[0].id}:completed`, `${claimed[1].id}:created`, `${claimed[1].id}:failed`].sort());
      const again = (await queue.claim('w2', { leaseMs: 60_000 }))!;
      assert.equal(again.id, claimed[1].id);
    } finally {
      await queue.close();
      await t.cleanup();
    }
  });

  test("[pg-boss] one queued doorbell per run; a cancelled job's doorbell is cancelled", async () => {
    const { t, runIds } = await fixture();
    const queue = await open(t);
    try {
      const a = await queue.enqueue({ kind: 'train', payload: {}, runId: runIds[0] });
      await queue.enqueue({ kind: 'train', payload: {}, runId: runIds[0] }); // not a singleton: a second row, no second doorbell
      const name = bossQueueName('train');
      assert.equal((await queue.boss.findJobs(name, { queued: true })).length, 1);
      assert.equal(await queue.cancel(a.jobId), 'cancelled');
      assert.equal((await queue.boss.findJobs(name, { queued: true })).length, 0);
      const next = (await queue.claim('w', { leaseMs: 60_000 }))!; // the second row gets its doorbell on demand
      assert.notEqual(next.id, a.jobId);
    } finally {
      await queue.close();
      await t.cleanup();
    }
  });

  test('[pg-boss] the worker picks pg-boss on PostgreSQL unless told otherwise; a bad choice is one line', async () => {
    const { t } = await fixture();
    try {
      const auto = await openJobQueue(t.db, ['train'], 'auto');
      assert.equal(auto.name, 'pg-boss');
      await auto.close();
      assert.equal((await openJobQueue(t.db, ['train'], 'embedded')).name, 'embedded');
      await assert.rejects(openJobQueue(t.db, ['train'], 'rabbit'), /^UserError: unknown queue "rabbit"/);
      await assert.rejects(
        PgBossJobQueue.open(t.db, 'postgresql://postgres:secret@127.0.0.1:1/lab', ['train']),
        (err: Error) =>
          err.name === 'UserError' &&
          /^pg-boss could not start .*cannot reach PostgreSQL at 127\.0\.0\.1:1 \(connection refused\)/.test(err.message) &&
          !err.message.includes('secret'),
      );
    } finally {
      await t.cleanup();
    }
  });
}

test('queue choice on SQLite: embedded; pg-boss asked for is one line', async () => {
  const t = await createTestDb({ kind: 'sqlite' });
  try {
    assert.equal((await openJobQueue(t.db, ['train'], 'auto')).name, 'embedded');
    await assert.rejects(openJobQueue(t.db, ['train'], 'pg-boss'), /^UserError: the pg-boss queue needs a PostgreSQL database/);
  } finally {
    await t.cleanup();
  }
});
