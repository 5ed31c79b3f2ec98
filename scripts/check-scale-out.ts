// `npm run check:scale-out`: three "machines" against one PostgreSQL. Creates a database on the
// server at DML_TEST_PG_URL (dropped at the end, whatever happens), queues a 24-run sweep of a micro
// BERT, starts three `dml-lens worker` processes (pg-boss queue), each with its own DML_LENS_HOME
// and one shared artifact directory (DML_LENS_ARTIFACTS), SIGKILLs a random worker --kills times
// (default 10) and restarts it, then checks from this (fourth) process: every run done exactly
// once, one set of predictions each, no job stuck, every artifact readable with its checksum, no
// doorbell left queued (scale-out/audit-sweep.ts); then the built dashboard, on the same database
// and artifact store with a home of its own, must show the sweep's compare table with the stored
// accuracies and a run page's deciles read from its embeddings file (scale-out/dashboard-check.ts;
// `next build` first when the sources changed, the same build the browser tests use). Without a
// PostgreSQL server it is skipped with a message (CI=true: fails). Prints a tally line; exits 1 on
// any failure.
//   npx tsx scripts/check-scale-out.ts [--kills 10] [--seeds 4]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDb, getDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { queueSweep } from '../lib/jobs/queue-sweep';
import { openJobCount, sweepRunIds } from '../lib/store/views/run-outcomes';
import { connectPostgres } from '../lib/db/pg-connect';
import { createPostgresDatabase, testPostgresUrl } from '../test/helpers/db';
import { shortSweep, sleep, startWorker, type WorkerProc } from '../test/jobs/fixture';
import { createToyDataset } from '../test/training/toy-data';
import { writeTinyModel } from '../test/training/tiny-model';
import { auditSweep } from './scale-out/audit-sweep';
import { checkDashboard } from './scale-out/dashboard-check';

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
    // 30 epochs: long enough for every kill to land mid-sweep (a micro-model step takes milliseconds)
    const sweep = shortSweep(model, ['ce', 'soft-triple'], 3, { seeds: Array.from({ length: SEEDS }, (_, i) => i + 1), epochs: 30 });
    const q = await queueSweep(db, sweep);
    const runIds = await sweepRunIds(db, q.sweepId);
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
    const open = () => openJobCount(db, runIds);
    let kills = 0;
    while (kills < KILLS && (await open()) > 0) {
      await sleep(1000 + Math.random() * 2500);
      const i = Math.floor(Math.random() * WORKERS);
      workers[i]!.child.kill('SIGKILL');
      await workers[i]!.exited;
      kills++;
      start(i);
    }
    if (kills < KILLS) fail(`the sweep ended after ${kills} of ${KILLS} kills: make its runs longer`);
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
    const audit = await auditSweep(db, runIds, trace, fail);
    // the dashboard, built, on the same database and artifact store, with a home of its own
    const home = path.join(dir, 'dashboard');
    fs.mkdirSync(home, { recursive: true });
    const dash = await checkDashboard({ databaseUrl: pg.url, artifacts, home, sweepId: q.sweepId, runs: audit.runs }, fail);
    console.log(
      `scale-out tally: ${JSON.stringify({
        ...audit.tally,
        kills,
        workers: WORKERS,
        seconds: Math.round(seconds),
        dashboard: { compareRunsShown: dash.runsShown, runsPerLoss: dash.runsPerLoss, buildSeconds: Math.round(dash.buildSeconds) },
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
