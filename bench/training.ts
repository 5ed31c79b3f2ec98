// Training bench (wasm backend unless DML_BACKEND says otherwise): time per training step and per
// 1,000 evaluated sentences for the tiny (2 x 128) and small (4 x 256) models on MR sentences
// (max length 64, SoftTriple on all tokens, batch 20 = the cpu preset's and 64 = the paper's), and
// the wall time of one `cpu`-preset run (20 examples, ~1,000 evaluated sentences) with the small
// model. Models are random-init (speed does not depend on the weights). `peer`: fewer repetitions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb } from '../lib/db/client';
import { initBackend } from '../lib/backend/backend';
import { loadClassifier } from '../lib/model/classifier';
import { initModel } from '../lib/model/init-model';
import { parseTrainConfig, type TrainConfig } from '../lib/training/config';
import { buildLoss } from '../lib/training/build-loss';
import { evaluate } from '../lib/training/evaluate';
import { trainLoop } from '../lib/training/train-loop';

/** CPU time of this process (user + system), ms: with a shared machine, wall time alone misleads. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function mrTexts(): Promise<{ texts: string[]; labels: number[] }> {
  const dir = path.resolve(process.cwd(), '..', 'shared', 'data', 'senteval', 'MR');
  const read = (f: string) =>
    fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'latin1').split('\n').filter(Boolean) : [];
  const neg = read('rt-polarity.neg');
  const pos = read('rt-polarity.pos');
  if (!neg.length) {
    const words = 'the movie was a good bad great awful plot film and it is very dull bright'.split(' ');
    const texts = Array.from({ length: 4000 }, (_, i) =>
      Array.from({ length: 8 + (i % 25) }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' '),
    );
    return Promise.resolve({ texts, labels: texts.map((_, i) => i % 2) });
  }
  const texts: string[] = [];
  for (let i = 0; i < Math.max(neg.length, pos.length); i++) {
    if (neg[i]) texts.push(neg[i]);
    if (pos[i]) texts.push(pos[i]);
  }
  return Promise.resolve({ texts, labels: texts.map((_, i) => i % 2) });
}

function cfg(over: Record<string, unknown>): TrainConfig {
  const r = parseTrainConfig({ dataset: 'MR', model: 'm', loss: 'soft-triple', maxLength: 64, lr: 1e-4, warmupSteps: 0, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

async function stepAndEval(dir: string, data: { texts: string[]; labels: number[] }, reps: number, batchSizes: number[]): Promise<void> {
  const model = await loadClassifier(dir, { numLabels: 2, seed: 1, quiet: true });
  const D = model.config.hidden_size;
  try {
    for (const batchSize of batchSizes) {
      const c = cfg({ batchSize, steps: reps + 2 });
      const loss = buildLoss(c, 2, D, 1);
      const times: number[] = [];
      const cpu: number[] = [];
      let t = performance.now();
      let c0 = cpuMs();
      await trainLoop({
        model,
        loss,
        batch: model.tokenizer.encodeBatch(data.texts.slice(0, batchSize), undefined, 64),
        labels: data.labels.slice(0, batchSize),
        seed: 1,
        options: c,
        onStep: () => {
          const now = performance.now();
          const c = cpuMs();
          times.push(now - t);
          cpu.push(c - c0);
          t = now;
          c0 = c;
        },
      });
      loss.dispose();
      console.log(
        `  train step, batch ${batchSize}: ${median(times.slice(2)).toFixed(0)} ms wall, ${median(cpu.slice(2)).toFixed(0)} ms CPU (median of ${times.length - 2}; first step ${times[0].toFixed(0)} ms)`,
      );
    }
    const evalTexts = data.texts.slice(1000, 2000);
    const t0 = performance.now();
    const c0 = cpuMs();
    await evaluate(model, { texts: evalTexts, pairs: null }, { maxLength: 64, batchSize: 64 });
    console.log(
      `  evaluation: ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((cpuMs() - c0) / 1000).toFixed(2)} s CPU per 1,000 sentences (batches of 64 sorted by length)`,
    );
  } finally {
    model.dispose();
  }
}

async function cpuPresetRun(modelDir: string, tmp: string): Promise<void> {
  const { migrate } = await import('../scripts/setup');
  const url = `file:${path.join(tmp, 'bench.db')}`;
  await migrate(url);
  const db = getDb(url);
  process.env.DML_LENS_HOME = path.join(tmp, 'home');
  try {
    const { importSentEval } = await import('../lib/data/import-senteval');
    await importSentEval(db, { tasks: ['MR'] });
    const { enqueueTrain } = await import('../lib/jobs/queue');
    const { runWorker } = await import('../lib/jobs/worker');
    const q = await enqueueTrain(db, { preset: 'cpu', dataset: 'MR', model: modelDir, loss: 'soft-triple', seeds: [2048] });
    const t0 = performance.now();
    const c0 = cpuMs();
    await runWorker(db, { jobIds: [q.jobIds[0]], exitWhenIdle: true });
    const cpu = (cpuMs() - c0) / 1000;
    const { getRunDetail } = await import('../lib/store/runs');
    const run = (await getRunDetail(db, q.runIds[0]))!;
    const m = (run.metrics ?? {}) as { accuracy?: number };
    const epochs = (run.config as { epochs: number }).epochs;
    console.log(
      `  one cpu-preset run (small model, SoftTriple, ${run.trainSize} train / ${run.evalSize} eval sentences, ${epochs} epochs): ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU, status ${run.status}${run.error ? ` (${run.error})` : ''}, accuracy ${m.accuracy?.toFixed(3) ?? '-'} (random-init weights)`,
    );
  } finally {
    await closeDb(url);
  }
}

export async function run(opts: { peer?: boolean }): Promise<void> {
  const backend = await initBackend({ quiet: true });
  const reps = opts.peer ? 3 : 6;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-bench-training-'));
  const home = process.env.DML_LENS_HOME;
  try {
    const data = await mrTexts();
    console.log(`backend ${backend}, ${os.cpus().length} cores, MR sentences (max length 64), SoftTriple on all tokens`);
    const dirs: Record<string, string> = {};
    const only = process.env.BENCH_TRAINING_ONLY; // 'steps' or 'run' to time one part
    for (const size of only === 'run' ? [] : (['tiny', 'small'] as const)) {
      const r = await initModel({ arch: 'bert', size, texts: data.texts, vocabSize: 8000, seed: 1, outDir: path.join(tmp, size) });
      dirs[size] = r.dir;
      console.log(`${size} (${r.config.num_hidden_layers} x ${r.config.hidden_size}, ${r.numParams.toLocaleString('en-US')} parameters):`);
      await stepAndEval(r.dir, data, reps, size === 'tiny' ? [20, 64] : [20]);
    }
    if (only !== 'steps') {
      dirs.small ??= (
        await initModel({ arch: 'bert', size: 'small', texts: data.texts, vocabSize: 8000, seed: 1, outDir: path.join(tmp, 'small') })
      ).dir;
      await cpuPresetRun(dirs.small, tmp);
    }
  } finally {
    if (home === undefined) delete process.env.DML_LENS_HOME;
    else process.env.DML_LENS_HOME = home;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('training.ts')) await run({ peer: process.argv.includes('--peer') });
