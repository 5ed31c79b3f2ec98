// Encoder bench (issue 3): matMul GFLOP/s of the backend; for the tiny and small sizes at batch
// 32 x 64 tokens, training tokens/s (forward + backward + AdamW) and inference tokens/s, on one
// thread and data-parallel on two (main thread + one replica worker), with achieved GFLOP/s.
// `--peer` also runs ../shared/bench/torch_bert_bench.py (PyTorch, same shapes) with 1 and 2
// threads and prints our/peer ratios. The machine is shared: compare ratios within one run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../lib/model/backend';
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
  train1: number;
  infer1: number;
  train2: number;
  infer2: number;
  flops: number;
}

async function measure(size: ModelSize, runs: number): Promise<Figures> {
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
  const train1 = TOKENS / (await timeIt(step, runs));
  const infer1 = TOKENS / (await timeIt(() => tf.tidy(() => model.forward(batch).logits.dataSync()), runs + 2));
  opt.dispose();
  tf.dispose(onehot);
  disposeBatch(batch);
  model.dispose();

  const dp = await createDataParallel(dir, { workers: 1 });
  const dpOpt = new AdamW(dp.model.trainableVariables());
  const train2 = TOKENS / (await timeIt(() => dp.step(tokens, labels, dpOpt, 1e-4), runs));
  const infer2 = TOKENS / (await timeIt(() => dp.predict(tokens), runs + 2));
  dpOpt.dispose();
  await dp.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
  return { train1, infer1, train2, infer2, flops: forwardFlopsPerToken(config) };
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

export async function run(opts: { peer?: boolean }): Promise<void> {
  const backend = await initBackend({ quiet: true });
  console.log(`encoder: backend ${backend}, batch ${BATCH} x ${SEQ} tokens, vocab ${VOCAB}; tokens/s, median of timed steps after a warm-up`);
  console.log(`matMul 512x512: ${matMulGflops().toFixed(1)} GFLOP/s`);
  for (const size of ['tiny', 'small'] as ModelSize[]) {
    const f = await measure(size, size === 'tiny' ? 5 : 3);
    const gf = (tokensPerS: number, factor: number) => ((tokensPerS * f.flops * factor) / 1e9).toFixed(1);
    console.log(`\n${size}: ${(f.flops / 1e6).toFixed(2)} MFLOP/token forward (training counted as 3x)`);
    console.log(`  ours, 1 thread            train ${fmt(f.train1)} tok/s (${gf(f.train1, 3)} GFLOP/s)   infer ${fmt(f.infer1)} tok/s (${gf(f.infer1, 1)} GFLOP/s)`);
    console.log(`  ours, 2 threads (dp)      train ${fmt(f.train2)} tok/s (${gf(f.train2, 3)} GFLOP/s)   infer ${fmt(f.infer2)} tok/s (${gf(f.infer2, 1)} GFLOP/s)`);
    if (!opts.peer) continue;
    for (const threads of [1, 2]) {
      const p = peer(size, threads);
      if (typeof p === 'string') {
        console.log(`  ${p}`);
        break;
      }
      const ours = threads === 1 ? { train: f.train1, infer: f.infer1 } : { train: f.train2, infer: f.infer2 };
      console.log(`  torch, ${threads} thread${threads > 1 ? 's' : ' '}           train ${fmt(p.train)} tok/s   infer ${fmt(p.infer)} tok/s   ours/torch: train ${(ours.train / p.train).toFixed(2)}x, infer ${(ours.infer / p.infer).toFixed(2)}x`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run({ peer: process.argv.includes('--peer') });
