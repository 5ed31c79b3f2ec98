// Shared set-up of the reliability tests: a migrated test database, its own DML_LENS_HOME, the toy
// data set, a micro BERT, a queued sweep of short runs, and `dml-lens worker` child processes.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDb, type TestDb } from '../helpers/db';
import { queueSweep } from '../../lib/jobs/queue-sweep';
import { createToyDataset } from '../training/toy-data';
import { writeTinyModel } from '../training/tiny-model';

export interface JobsFixture {
  t: TestDb;
  home: string;
  model: string;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

export async function jobsFixture(): Promise<JobsFixture> {
  const t = await createTestDb();
  const home = path.join(t.dir, 'home');
  fs.mkdirSync(home, { recursive: true });
  await createToyDataset(t.db, { n: 80 });
  const model = await writeTinyModel(path.join(t.dir, 'micro'));
  const env = { ...process.env, DATABASE_URL: t.url, DML_LENS_HOME: home, DML_FAULT: '', DML_FAULT_MARKER: '', DML_TRACE_FILE: '' };
  return { t, home, model, env, cleanup: () => t.cleanup() };
}

/** Short runs: `losses` x `folds` runs of a few steps each. */
export function shortSweep(model: string, losses = ['ce', 'soft-triple'], folds = 3, extra: Record<string, unknown> = {}) {
  return {
    name: 'short',
    base: {
      dataset: 'TOY',
      model,
      samples: 16,
      folds,
      seeds: [1],
      lr: 3e-3,
      batchSize: 8,
      epochs: 2,
      maxLength: 16,
      evalLimit: 16,
      ...extra,
    },
    grid: { loss: losses },
  };
}

export async function queueShortSweep(f: JobsFixture, losses?: string[], folds?: number, extra?: Record<string, unknown>) {
  return queueSweep(f.t.db, shortSweep(f.model, losses, folds, extra));
}

const CLI = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'dml-lens.mjs');

export interface WorkerProc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `dml-lens worker <args>` (its own process group, so a test can freeze it with its job process). */
export function startWorker(env: NodeJS.ProcessEnv, args: string[]): WorkerProc {
  const child = spawn(process.execPath, [CLI, 'worker', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` holds (polling), or throws after `ms`. */
export async function until(check: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** Files under `dir` whose name marks a temp file (`.tmp-`, `.tmp`, `.partial`). */
export function tempFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tmp\b|\.tmp-|\.partial/.test(f));
}

/** Per-run tallies from the trace file the job processes append to. */
export function traceTally(file: string): Map<number, { start: number; done: number; alreadyDone: number }> {
  const out = new Map<number, { start: number; done: number; alreadyDone: number }>();
  if (!fs.existsSync(file)) return out;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^(start|done|already-done) run=(\d+)/.exec(line);
    if (!m) continue;
    const e = out.get(Number(m[2])) ?? { start: 0, done: 0, alreadyDone: 0 };
    if (m[1] === 'start') e.start++;
    else if (m[1] === 'done') e.done++;
    else e.alreadyDone++;
    out.set(Number(m[2]), e);
  }
  return out;
}
