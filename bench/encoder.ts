// Encoder bench (issue 3): matMul GFLOP/s of the backend; for the tiny and small sizes at batch
// 32 x 64 tokens, training tokens/s (forward + backward + AdamW) and inference tokens/s, with
// achieved GFLOP/s. On wasm: one thread, every core (threaded XNNPACK, wasm-threads.ts) and
// data-parallel on two single-thread processes, each measured in a child process.
// `--peer` also runs ../shared/bench/torch_bert_bench.py (PyTorch, same shapes) with 1 and 2
// threads and prints our/peer ratios. The machine is shared: compare ratios within one run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, initBackend } from '../lib/backend/backend';
import { disposeBatch, toEncodedBatch } from '../lib/model/batch';
import { saveCheckpoint } from '../lib/model/checkpoint';
import { loadClassifier } from '../lib/model/classifier';
import { makeConfig, type ModelSize } from '../lib/model/config';
import { createDataParallel } from '../lib/model/parallel/data-parallel';
import { initEncoderWeights } from '../lib/model/random-init';
import type { EncoderConfig, TokenBatch } from '../lib/model/types';
import { projectRoot } from '../lib/paths';
import { AdamW } from '../lib/training/adamw';
import { Rng } from '../lib/util/random';

const BATCH = 32;
const SEQ = 64;
const VOCAB = 8000; // as the peer
const TOKENS = BATCH * SEQ;

/** Forward FLOPs per token: 2 per multiply-add in the dense layers and the attention products; training ≈ 3x. */
function forwardFlopsPerToken(c: EncoderConfig): number {
  const D = c.hidden_size;
  return c.num_hidden_layers * (2 * (4 * D * D + 2 * D * c.intermediate_size) + 2 * 2 * SEQ * D);
}

function randomBatch(seed: number): { tokens: TokenBatch; labels: number[] } {
  const rng = new Rng(seed);
  const inputIds = Int32Array.from({ length: TOKENS }, () => 5 + rng.int(VOCAB - 5));
  const tokens = { inputIds, attentionMask: new Int32Array(TOKENS).fill(1), tokenTypeIds: new Int32Array(TOKENS), batchSize: BATCH, seqLen: SEQ, lengths: new Array(BATCH).fill(SEQ) };
  return { tokens, labels: Array.from({ length: BATCH }, () => rng.int(2)) };
}

/** Median seconds of `runs` timed calls after `warmup` untimed ones. */
async function timeIt(fn: () => unknown, runs: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const s: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    s.push((performance.now() - t0) / 1000);
  }
  return s.sort((a, b) => a - b)[Math.floor(s.length / 2)];
}

function matMulGflops(): number {
  const a = tf.randomNormal([512, 512]);
  const once = () => tf.tidy(() => {
    tf.matMul(a, a).dataSync(); // returned arrays would be walked by tidy (slow)
  });
  once();
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) once();
  a.dispose();
  return (20 * 2 * 512 ** 3) / ((performance.now() - t0) / 1000) / 1e9;
}

interface Figures {
  train: number;
  infer: number;
  trainDp?: number;
  inferDp?: number;
  flops: number;
}

async function measure(size: ModelSize, runs: number, dataParallel: boolean): Promise<Figures> {
  const config = makeConfig('roberta', size, VOCAB);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dml-lens-bench-${size}-`));
  const weights = initEncoderWeights(config, 1, { withHead: true, numLabels: 2 });
  await saveCheckpoint(dir, { ...config, num_labels: 2 }, weights);
  tf.dispose(Object.values(weights));
  const { tokens, labels } = randomBatch(2);

  const model = await loadClassifier(dir, { quiet: true });
  const batch = toEncodedBatch(tokens);
  const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), 2);
  const opt = new AdamW(model.trainableVariables());
  const step = () => {
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(onehot, model.forward(batch, { training: true }).logits) as tf.Scalar, model.trainableVariables());
    opt.applyGradients(grads, 1e-4);
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
  };
  const train = TOKENS / (await timeIt(step, runs));
  const infer = TOKENS / (await timeIt(() => tf.tidy(() => model.forward(batch).logits.dataSync()), runs + 2));
  opt.dispose();
  tf.dispose(onehot);
  disposeBatch(batch);
  model.dispose();

  const figures: Figures = { train, infer, flops: forwardFlopsPerToken(config) };
  if (dataParallel) {
    const dp = await createDataParallel(dir, { workers: 1 });
    const dpOpt = new AdamW(dp.model.trainableVariables());
    figures.trainDp = TOKENS / (await timeIt(() => dp.step(tokens, labels, dpOpt, 1e-4), runs));
    figures.inferDp = TOKENS / (await timeIt(() => dp.predict(tokens), runs + 2));
    dpOpt.dispose();
    await dp.dispose();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return figures;
}

/** PyTorch peer figures (tokens/s), or a reason it was skipped. */
function peer(size: ModelSize, threads: number): { train: number; infer: number } | string {
  const script = path.resolve(projectRoot(), '..', 'shared', 'bench', 'torch_bert_bench.py');
  if (!fs.existsSync(script)) return `peer skipped: ${script} not found`;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return 'peer skipped: python3 torch is missing (apt-get install -y --no-install-recommends python3-torch libopenblas0-pthread)';
  }
  const out = execFileSync('/usr/bin/python3', [script, size, String(threads)], { encoding: 'utf8' });
  const train = Number(/train_tokens_per_s=(\d+)/.exec(out)?.[1]);
  const infer = Number(/infer_tokens_per_s=(\d+)/.exec(out)?.[1]);
  return Number.isFinite(train) ? { train, infer } : `peer output not understood: ${out.trim()}`;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(8);

interface ChildFigures {
  backend: string;
  matMul: number;
  sizes: Record<string, Figures>;
}

/** Measures on this process's backend; with `dataParallel`, also the two-process split. */
async function measureHere(dataParallel: boolean): Promise<ChildFigures> {
  await initBackend({ quiet: true });
  const sizes: Record<string, Figures> = {};
  for (const size of ['tiny', 'small'] as ModelSize[]) sizes[size] = await measure(size, size === 'tiny' ? 5 : 3, dataParallel);
  return { backend: describeBackend(), matMul: matMulGflops(), sizes };
}

/** Runs this file in a child with DML_WASM_THREADS set, so one bench compares thread counts. */
function measureInChild(threads: number, dataParallel: boolean): ChildFigures {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', ...(dataParallel ? ['--dp'] : [])], {
    encoding: 'utf8',
    env: { ...process.env, DML_WASM_THREADS: String(threads) },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`encoder bench child printed no figures:\n${out}`);
  return JSON.parse(line.slice('BENCH_JSON '.length)) as ChildFigures;
}

function printRow(label: string, f: Figures, flops: number, train = f.train, infer = f.infer): void {
  const gf = (tokensPerS: number, factor: number) => ((tokensPerS * flops * factor) / 1e9).toFixed(1);
  console.log(`  ${label.padEnd(30)} train ${fmt(train)} tok/s (${gf(train, 3)} GFLOP/s)   infer ${fmt(infer)} tok/s (${gf(infer, 1)} GFLOP/s)`);
}

export async function run(opts: { peer?: boolean }): Promise<void> {
  const backend = await initBackend({ quiet: true });
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  // On wasm, compare one thread with every core (threaded XNNPACK) in separate processes.
  const rows: { label: string; figures: ChildFigures }[] = [];
  if (backend === 'wasm') {
    rows.push({ label: 'ours, wasm 1 thread', figures: measureInChild(1, cores > 1) });
    if (cores > 1) rows.push({ label: `ours, wasm ${Math.min(cores, 8)} threads`, figures: measureInChild(Math.min(cores, 8), false) });
  } else {
    rows.push({ label: `ours, ${backend}`, figures: await measureHere(false) });
  }
  console.log(`encoder: backend ${backend}, batch ${BATCH} x ${SEQ} tokens, vocab ${VOCAB}; tokens/s, median of timed steps after a warm-up`);
  for (const r of rows) console.log(`matMul 512x512 (${r.figures.backend}): ${r.figures.matMul.toFixed(1)} GFLOP/s`);
  for (const size of ['tiny', 'small'] as ModelSize[]) {
    const flops = rows[0].figures.sizes[size].flops;
    console.log(`\n${size}: ${(flops / 1e6).toFixed(2)} MFLOP/token forward (training counted as 3x)`);
    for (const r of rows) {
      const f = r.figures.sizes[size];
      printRow(r.label, f, flops);
      if (f.trainDp !== undefined) printRow('ours, 2 x 1 thread (data par.)', f, flops, f.trainDp, f.inferDp);
    }
    if (!opts.peer) continue;
    const best = rows[rows.length - 1].figures.sizes[size];
    for (const threads of [1, 2]) {
      const p = peer(size, threads);
      if (typeof p === 'string') {
        console.log(`  ${p}`);
        break;
      }
      console.log(`  ${`torch, set_num_threads(${threads})`.padEnd(30)} train ${fmt(p.train)} tok/s                 infer ${fmt(p.infer)} tok/s`);
      console.log(`    ours (${rows[rows.length - 1].label.replace('ours, ', '')}) / torch: train ${(best.train / p.train).toFixed(2)}x, infer ${(best.infer / p.infer).toFixed(2)}x`);
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--child')) console.log(`BENCH_JSON ${JSON.stringify(await measureHere(process.argv.includes('--dp')))}`);
  else await run({ peer: process.argv.includes('--peer') });
}
