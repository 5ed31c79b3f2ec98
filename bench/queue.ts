// Queue throughput: no-op jobs enqueued, then claimed and finished through the JobQueue interface
// by 1 and by 8 concurrent worker loops (in this process, each with its own worker id), on the
// embedded queue over SQLite, the embedded queue over PostgreSQL and pg-boss over PostgreSQL.
// Reports jobs/s and claim latency p50/p95 (a claim that returned a job). PostgreSQL parts use a
// database created on the server at DML_TEST_PG_URL and dropped after; skipped without a server.
// `npx tsx bench/queue.ts [--jobs 200]` or `npm run bench -- --only queue`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb, type Db } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { connectPostgres } from '../lib/db/pg-connect';
import { EmbeddedJobQueue, type JobQueue } from '../lib/jobs/job-queue';
import { deleteAllJobs, jobsNotDone } from '../lib/store/queue-rows';
import { createPostgresDatabase, testPostgresUrl } from '../test/helpers/db';

const KIND = 'noop';
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function measure(queue: JobQueue, db: Db, jobs: number, workers: number): Promise<string> {
  await deleteAllJobs(db);
  for (let i = 0; i < jobs; i++) await queue.enqueue({ kind: KIND, payload: { i } });
  const latencies: number[] = [];
  let finished = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (;;) {
        const c0 = performance.now();
        const job = await queue.claim(`bench-${w}`, { leaseMs: 60_000, kinds: [KIND] });
        if (!job) return;
        latencies.push(performance.now() - c0);
        if (!(await queue.finish(job, `bench-${w}`, 'done'))) throw new Error(`job ${job.id} was not held at finish`);
        finished++;
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  const left = await jobsNotDone(db);
  if (finished !== jobs || left) throw new Error(`${finished} of ${jobs} jobs finished, ${left} not done`);
  return `${workers} worker(s): ${(jobs / s).toFixed(0)} jobs/s, claim p50 ${pct(latencies, 50).toFixed(1)} ms, p95 ${pct(latencies, 95).toFixed(1)} ms`;
}

async function series(label: string, queue: JobQueue, db: Db, jobs: number): Promise<void> {
  for (const workers of [1, 8]) console.log(`${label}, ${jobs} no-op jobs, ${await measure(queue, db, jobs, workers)}`);
}

export async function run(opts: { peer?: boolean; jobs?: number }): Promise<void> {
  const jobs = opts.jobs ?? (opts.peer ? 100 : 200);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-bench-queue-'));
  const sqlite = `file:${path.join(tmp, 'bench.db')}`;
  try {
    await migrateDatabase(sqlite);
    await series('embedded on SQLite', new EmbeddedJobQueue(getDb(sqlite)), getDb(sqlite), jobs);
  } finally {
    await closeDb(sqlite);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  try {
    await (await connectPostgres(testPostgresUrl())).end();
  } catch (err) {
    console.log(`PostgreSQL queues skipped: ${(err as Error).message} (set DML_TEST_PG_URL)`);
    return;
  }
  const pg = await createPostgresDatabase('dml_bench_queue');
  try {
    await migrateDatabase(pg.url);
    const db = getDb(pg.url);
    await series('embedded on PostgreSQL', new EmbeddedJobQueue(db), db, jobs);
    const { PgBossJobQueue } = await import('../lib/jobs/pg-boss-queue');
    const boss = await PgBossJobQueue.open(db, pg.url, [KIND]);
    try {
      await series('pg-boss on PostgreSQL', boss, db, jobs);
    } finally {
      await boss.close();
    }
  } finally {
    await pg.drop();
  }
}

if (process.argv[1]?.endsWith('queue.ts')) {
  const i = process.argv.indexOf('--jobs');
  await run({ jobs: i >= 0 ? Number(process.argv[i + 1]) : undefined });
}
