// `npm run check:scale-out`: three "machines" against one PostgreSQL. Creates a database on the
// server at DML_TEST_PG_URL (dropped at the end, whatever happens), queues a 24-run sweep of a micro
// BERT, starts three `dml-lens worker` processes (pg-boss queue), each with its own DML_LENS_HOME
// and one shared artifact directory (DML_LENS_ARTIFACTS), SIGKILLs a random worker --kills times
// (default 10) and restarts it, then checks from this (fourth) process: every run done exactly
// once, one set of predictions each, no job stuck, every artifact readable with its checksum, and
// no doorbell left queued. Without a PostgreSQL server it is skipped with a message (CI=true:
// fails). Prints a tally line; exits 1 on any failure.
//   npx tsx scripts/check-scale-out.ts [--kills 10] [--seeds 4]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDb, getDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { queueSweep } from '../lib/jobs/queue-sweep';
import { readRunArray } from '../lib/store/artifacts/run-artifacts';
import { connectPostgres } from '../lib/db/pg-connect';
import { createPostgresDatabase, testPostgresUrl } from '../test/helpers/db';
import { shortSweep, sleep, startWorker, traceTally, type WorkerProc } from '../test/jobs/fixture';
import { createToyDataset } from '../test/training/toy-data';
import { writeTinyModel } from '../test/training/tiny-model';
import { BOSS_SCHEMA } from '../lib/jobs/pg-boss-queue';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '10' }, seeds: { type: 'string', default: '4' } } });
const KILLS = Number(values.kills);
const SEEDS = Number(values.seeds); // 2 losses x 3 folds x SEEDS seeds = 24 runs by default
const WORKERS = 3;
const TIMEOUT_MS = 30 * 60_000;

function fail(line: string): never {
  throw new Error(line);
}

async function main(): Promise<void> {
  try {
    await (await connectPostgres(testPostgresUrl())).end();
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    console.log(`scale-out check skipped: ${(err as Error).message} (set DML_TEST_PG_URL to a server where it may create a database)`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-scale-out-'));
  const pg = await createPostgresDatabase('dml_scale_out');
  const workers: (WorkerProc | undefined)[] = [];
  let ok = false;
  try {
    await migrateDatabase(pg.url);
    const db = getDb(pg.url);
    await createToyDataset(db, { n: 80 });
    const model = await writeTinyModel(path.join(dir, 'micro'));
    const artifacts = path.join(dir, 'shared-artifacts');
    const trace = path.join(dir, 'trace.log');
    const sweep = shortSweep(model, ['ce', 'soft-triple'], 3, { seeds: Array.from({ length: SEEDS }, (_, i) => i + 1) });
    const q = await queueSweep(db, sweep);
    const runIds = (await db.run.findMany({ where: { experimentId: { in: q.experimentIds } }, select: { id: true } })).map((r) => r.id);
    console.log(`queued ${runIds.length} runs; ${WORKERS} workers on ${pg.url.replace(/\/\/[^@]*@/, '//')}`);

    const env = (i: number): NodeJS.ProcessEnv => {
      const home = path.join(dir, `machine-${i}`);
      fs.mkdirSync(home, { recursive: true });
      return {
        ...process.env,
        DATABASE_URL: pg.url,
        DML_LENS_HOME: home,
        DML_LENS_ARTIFACTS: artifacts,
        DML_LENS_QUEUE: 'pg-boss',
        DML_TRACE_FILE: trace,
        DML_FAULT: '',
        DML_FAULT_MARKER: '',
      };
    };
    const args = ['--lease-seconds', '3', '--poll-seconds', '0.3', '--max-attempts', '50'];
    let started = 0;
    const start = (i: number) => {
      const w = startWorker(env(i), args);
      const log = path.join(dir, `machine-${i}`, `worker-${++started}.log`);
      void w.exited.then(() => fs.writeFileSync(log, w.output()));
      workers[i] = w;
    };
    for (let i = 0; i < WORKERS; i++) start(i);

    const t0 = Date.now();
    const open = () => db.job.count({ where: { runId: { in: runIds }, status: { in: ['queued', 'running'] } } });
    let kills = 0;
    while (kills < KILLS && (await open()) > 0) {
      await sleep(1000 + Math.random() * 2500);
      const i = Math.floor(Math.random() * WORKERS);
      workers[i]!.child.kill('SIGKILL');
      await workers[i]!.exited;
      kills++;
      start(i);
    }
    while ((await open()) > 0) {
      if (Date.now() - t0 > TIMEOUT_MS) fail(`timed out with ${await open()} open job(s)`);
      await sleep(1000);
    }
    const seconds = (Date.now() - t0) / 1000;
    for (const w of workers) w?.child.kill('SIGTERM');
    await Promise.all(workers.flatMap((w) => (w ? [w.exited] : [])));
    await sleep(500); // orphaned job processes notice their worker is gone

    // the fourth process: this one reads every run's rows and artifacts from the shared store
    process.env.DML_LENS_ARTIFACTS = artifacts;
    const runs = await db.run.findMany({
      where: { id: { in: runIds } },
      include: { _count: { select: { predictions: true } }, artifacts: true },
    });
    const tally = traceTally(trace);
    let files = 0;
    for (const r of runs) {
      if (r.status !== 'done') fail(`run ${r.id} is ${r.status}: ${r.error ?? ''}`);
      if (r._count.predictions !== r.evalSize)
        fail(`run ${r.id}: ${r._count.predictions} predictions for ${r.evalSize} evaluated sentences`);
      const t = tally.get(r.id);
      if (!t || t.done !== 1) fail(`run ${r.id} finished ${t?.done ?? 0} times`);
      if (!r.artifacts.length) fail(`run ${r.id} has no artifacts`);
      for (const a of r.artifacts) {
        const arr = await readRunArray(r.id, a);
        if (JSON.stringify(arr.shape) !== a.shapeJson)
          fail(`run ${r.id}: artifact ${a.path} has shape ${JSON.stringify(arr.shape)}, expected ${a.shapeJson}`);
        files++;
      }
    }
    const jobs = await db.job.findMany({ where: { runId: { in: runIds } } });
    const stuck = jobs.filter((j) => j.status !== 'done');
    if (stuck.length) fail(`jobs not done: ${stuck.map((j) => `${j.id}:${j.status}`).join(', ')}`);
    const bells = await db.$queryRawUnsafe<{ state: string; n: number }[]>(
      `SELECT state::text AS state, count(*)::int AS n FROM "${BOSS_SCHEMA}".job GROUP BY state ORDER BY state`,
    );
    const queuedBells = bells.filter((b) => b.state === 'created' || b.state === 'retry').reduce((s, b) => s + b.n, 0);
    if (queuedBells) fail(`${queuedBells} pg-boss doorbell(s) still queued after every job ended`);
    const workerRows = await db.worker.count();
    console.log(
      `scale-out tally: ${JSON.stringify({
        runs: runs.length,
        done: runs.length,
        kills,
        workers: WORKERS,
        seconds: Math.round(seconds),
        attemptsStarted: [...tally.values()].reduce((s, t) => s + t.start, 0),
        finishedTwice: 0,
        artifactFilesRead: files,
        jobAttempts: jobs.reduce((s, j) => s + j.attempts, 0),
        workerRows,
        doorbells: Object.fromEntries(bells.map((b) => [b.state, b.n])),
        queuedDoorbellsLeft: queuedBells,
      })}`,
    );
    console.log('scale-out check: OK');
    ok = true;
  } finally {
    for (const w of workers) w?.child.kill('SIGKILL');
    await closeDb(pg.url).catch(() => undefined);
    await pg.drop();
    if (ok || process.env.CI === 'true') fs.rmSync(dir, { recursive: true, force: true });
    else console.error(`kept ${dir} (worker logs under machine-*/) for a look`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`scale-out check FAILED: ${(err as Error).message}`);
    process.exit(1);
  },
);
