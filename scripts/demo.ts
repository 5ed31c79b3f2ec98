// `npm run demo`: database (the npm script ran setup), SentEval data, the default model, a small
// CE vs SoftTriple vs ProxyAnchor sweep trained by two workers (both cores), its maps, analyses and
// explanations, then the dashboard. A second run reuses everything already stored.
import { spawn, type ChildProcess } from 'node:child_process';
import { ensureAppBuilt } from '../lib/app-build';
import fs from 'node:fs';
import path from 'node:path';
import { getDb } from '../lib/db/client';
import { UserError } from '../lib/errors';
import { projectRoot } from '../lib/paths';
import { importSentEval, resolveSentevalDir } from '../lib/data/import-senteval';
import { downloadSentEval } from '../lib/data/download';
import { registerModel, findModelByName } from '../lib/store/models';
import { readConfig } from '../lib/model/checkpoint';
import { ensureDemoSweep, sweepProgress } from '../lib/demo/demo-sweep';
import { igTally, postProcessSweep } from '../lib/demo/post-process';
import { readServeOptions } from '../lib/server/serve-options';
import { serve } from '../lib/server/serve';

const root = projectRoot();
const MODEL_DIR = 'models/dml-lens-small';
const log = (line: string) => console.log(`demo: ${line}`);

async function ensureData(): Promise<void> {
  const db = getDb();
  let dir: string;
  try {
    dir = resolveSentevalDir();
  } catch {
    log('no local SentEval copy (SENTEVAL_DIR, ../shared/data/senteval); downloading it');
    await downloadSentEval({ dir: path.join(root, 'var', 'senteval') });
    dir = resolveSentevalDir();
  }
  const { results } = await importSentEval(db, { dir });
  log(`data from ${dir}: ${results.map((r) => `${r.name} ${r.status}`).join(', ')}`);
}

async function ensureModel(): Promise<string> {
  if (!fs.existsSync(path.join(root, MODEL_DIR, 'model.safetensors'))) {
    throw new UserError(`the default model ${MODEL_DIR} is missing from this checkout; restore it with \`git checkout -- ${MODEL_DIR}\``);
  }
  if (!(await findModelByName('dml-lens-small'))) {
    const config = readConfig(path.join(root, MODEL_DIR));
    await registerModel({ name: 'dml-lens-small', dir: path.join(root, MODEL_DIR), origin: 'pretrain', config });
  }
  return MODEL_DIR;
}

function startWorkers(n: number, sweepId: number): ChildProcess[] {
  // One worker process per core, so each runs wasm on one thread (two threads each would fight).
  const env = { ...process.env, DML_WASM_THREADS: process.env.DML_WASM_THREADS ?? '1' };
  return Array.from({ length: n }, (_, i) =>
    spawn(
      process.execPath,
      [path.join(root, 'scripts', 'dml-lens.mjs'), 'worker', '--once', '--sweep', String(sweepId), '--id', `demo-${i + 1}`],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env },
    ),
  );
}

async function trainSweep(sweepId: number): Promise<void> {
  const db = getDb();
  let progress = await sweepProgress(db, sweepId);
  if (progress.done === progress.total) return log(`all ${progress.total} runs already trained`);
  log(`training ${progress.total - progress.done} runs with 2 workers (one per core)...`);
  const workers = startWorkers(2, sweepId);
  const exited = workers.map((w) => new Promise<void>((resolve) => w.on('exit', () => resolve())));
  const stop = () => workers.forEach((w) => w.kill('SIGTERM'));
  process.once('SIGINT', stop);
  const started = Date.now();
  // a terminal gets one line rewritten every 2 s; a log file (stdout not a terminal) one line per 30 s
  const tty = process.stdout.isTTY;
  const timer = setInterval(
    () =>
      void (async () => {
        progress = await sweepProgress(db, sweepId);
        const now = progress.running.map((r) => `run ${r.runId} ${r.phase} ${r.step}/${r.totalSteps}`).join(', ');
        const line = `demo: ${progress.done}/${progress.total} runs done${progress.failed ? `, ${progress.failed} failed` : ''}  ${now}  (${Math.round((Date.now() - started) / 1000)} s)`;
        process.stdout.write(tty ? `\r${line}   ` : `${line}\n`);
      })(),
    tty ? 2000 : 30_000,
  );
  await Promise.all(exited);
  clearInterval(timer);
  process.removeListener('SIGINT', stop);
  progress = await sweepProgress(db, sweepId);
  if (tty) process.stdout.write('\n');
  log(
    `${progress.done}/${progress.total} runs done in ${Math.round((Date.now() - started) / 1000)} s${progress.failed ? ` (${progress.failed} failed: see \`dml-lens runs list\`)` : ''}`,
  );
}

function startDashboard(): void {
  log('building the dashboard when its sources changed...');
  ensureAppBuilt(root, { inheritOutput: true });
  // the demo's server keeps a worker pool running, so runs submitted from the dashboard train
  const options = readServeOptions(['start', ...process.argv.slice(2).filter((a) => a !== '--no-dashboard')]);
  const server = serve(options, { root, log });
  log('Ctrl-C stops the dashboard and its workers');
  let signals = 0;
  const onSignal = () => {
    if (++signals === 1) void server.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  void server.done.then((code) => process.exit(code));
}

async function main(): Promise<void> {
  await ensureData();
  const model = await ensureModel();
  const db = getDb();
  const { sweepId, reused } = await ensureDemoSweep(db, model);
  log(
    `${reused ? 'reusing' : 'queued'} sweep ${sweepId}: MR and SUBJ x {CE, CE+SoftTriple, CE+ProxyAnchor} x 3 folds, 20 training sentences each`,
  );
  await trainSweep(sweepId);
  const t0 = Date.now();
  await postProcessSweep(db, sweepId, { explainLimit: 20, log });
  const ig = await igTally(db, sweepId);
  if (ig.rows) {
    const steps = Object.entries(ig.steps)
      .map(([n, c]) => `${c} at ${n} steps`)
      .join(', ');
    log(
      `integrated gradients: ${ig.within} of ${ig.rows} sentences within tolerance (|δ| ≤ 5 % of |F(x) − F(x')|, at least 0.01; ${steps}); post-processing ${Math.round((Date.now() - t0) / 1000)} s`,
    );
  }
  log(`results: \`npx dml-lens sweep status ${sweepId}\`, or the Compare page`);
  if (process.argv.includes('--no-dashboard')) return;
  readServeOptions(['start', ...process.argv.slice(2).filter((a) => a !== '--no-dashboard')]); // a bad --host/--port/token fails before the build
  startDashboard();
}

main().catch((err) => {
  console.error(err instanceof UserError ? `demo: ${err.message}` : err);
  process.exit(1);
});
