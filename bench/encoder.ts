// Encoder bench: matMul GFLOP/s of the backend; for the tiny and small sizes at batch 32 x 64
// tokens (and a RoBERTa-base shape at batch 8 x 64 where the native GEMM is built), training
// tokens/s (forward + backward + AdamW) and inference tokens/s, with achieved GFLOP/s. On wasm:
// tfjs' kernels on one thread, every core (threaded XNNPACK, wasm-threads.ts) and data-parallel
// on two single-thread processes; then the native GEMM (lib/backend/native-kernels.ts) on one
// thread and every core; each measured in a child process. The FMA peak probe and the GEMM at
// the encoders' product shapes (ours and, where found, the system BLAS) give % of peak.
// `--peer` also runs ../shared/bench/torch_bert_bench.py (PyTorch, same shapes) with 1 and 2
// threads and prints our/peer ratios. The machine is shared: compare ratios within one run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, describeNative, initBackend } from '../lib/backend/backend';
import { nativeStatus } from '../lib/backend/native-addon';
import { disposeBatch, toEncodedBatch } from '../lib/model/batch';
import { saveCheckpoint } from '../lib/model/checkpoint';
import { loadClassifier } from '../lib/model/classifier';
import { makeConfig } from '../lib/model/config';
import { createDataParallel } from '../lib/model/parallel/data-parallel';
import { initEncoderWeights } from '../lib/model/random-init';
import type { EncoderConfig, TokenBatch } from '../lib/model/types';
import { projectRoot } from '../lib/paths';
import { AdamW } from '../lib/training/adamw';
import { Rng } from '../lib/util/random';

const SEQ = 64;
/** The peer's shapes (torch_bert_bench.py): batch x 64 tokens, its vocabulary per size. */
const SHAPES = {
  tiny: { batch: 32, vocab: 8000 },
  small: { batch: 32, vocab: 8000 },
  base: { batch: 8, vocab: 50265 },
} as const;
type BenchSize = keyof typeof SHAPES;
const BASE = { num_hidden_layers: 12, hidden_size: 768, num_attention_heads: 12, intermediate_size: 3072 }; // roberta-base

function benchConfig(size: BenchSize): EncoderConfig {
  return size === 'base' ? makeConfig('roberta', 'small', SHAPES.base.vocab, BASE) : makeConfig('roberta', size, SHAPES[size].vocab);
}

/** Forward FLOPs per token: 2 per multiply-add in the dense layers and the attention products; training ≈ 3x. */
function forwardFlopsPerToken(c: EncoderConfig): number {
  const D = c.hidden_size;
  return c.num_hidden_layers * (2 * (4 * D * D + 2 * D * c.intermediate_size) + 2 * 2 * SEQ * D);
}

function randomBatch(seed: number, size: BenchSize): { tokens: TokenBatch; labels: number[] } {
  const rng = new Rng(seed);
  const { batch, vocab } = SHAPES[size];
  const n = batch * SEQ;
  const inputIds = Int32Array.from({ length: n }, () => 5 + rng.int(vocab - 5));
  const tokens = {
    inputIds,
    attentionMask: new Int32Array(n).fill(1),
    tokenTypeIds: new Int32Array(n),
    batchSize: batch,
    seqLen: SEQ,
    lengths: new Array(batch).fill(SEQ),
  };
  return { tokens, labels: Array.from({ length: batch }, () => rng.int(2)) };
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
  const once = () =>
    tf.tidy(() => {
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

async function measure(size: BenchSize, runs: number, dataParallel: boolean): Promise<Figures> {
  const config = benchConfig(size);
  const TOKENS = SHAPES[size].batch * SEQ;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dml-lens-bench-${size}-`));
  const weights = initEncoderWeights(config, 1, { withHead: true, numLabels: 2 });
  await saveCheckpoint(dir, { ...config, num_labels: 2 }, weights);
  tf.dispose(Object.values(weights));
  const { tokens, labels } = randomBatch(2, size);

  const model = await loadClassifier(dir, { quiet: true });
  const batch = toEncodedBatch(tokens);
  const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), 2);
  const opt = new AdamW(model.trainableVariables());
  const step = () => {
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(onehot, model.forward(batch, { training: true }).logits),
      model.trainableVariables(),
    );
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
function peer(size: BenchSize, threads: number): { train: number; infer: number } | string {
  const script = path.resolve(projectRoot(), '..', 'shared', 'bench', 'torch_bert_bench.py');
  if (!fs.existsSync(script)) return `peer skipped: ${script} not found`;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return 'peer skipped: python3 torch is missing (apt-get install -y --no-install-recommends python3-torch libopenblas0-pthread)';
  }
  const out = execFileSync('/usr/bin/python3', [script, size, String(threads), String(SHAPES[size].batch)], { encoding: 'utf8' });
  const train = Number(/train_tokens_per_s=(\d+)/.exec(out)?.[1]);
  const infer = Number(/infer_tokens_per_s=(\d+)/.exec(out)?.[1]);
  return Number.isFinite(train) ? { train, infer } : `peer output not understood: ${out.trim()}`;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(8);

/** The dense products of a base-shaped layer at 512 tokens ([M, K] @ [K, N]). */
const PRODUCT_SHAPES = [
  [512, 768, 768],
  [512, 3072, 768],
  [512, 768, 3072],
] as const;

interface ProductFigures {
  peak: number;
  simd: string;
  own: number;
  blas?: number;
  blasName?: string;
}

/** GFLOP/s of the native GEMM (and the system BLAS, when found) at PRODUCT_SHAPES, and the FMA peak, on this process's threads. */
function productFigures(): ProductFigures | undefined {
  const addon = nativeStatus().addon;
  if (!addon) return undefined;
  const rate = () => {
    let flops = 0;
    let seconds = 0;
    for (const [M, N, K] of PRODUCT_SHAPES) {
      const a = new Float32Array(M * K).fill(0.5);
      const b = new Float32Array(K * N).fill(0.25);
      const c = new Float32Array(M * N);
      addon.gemm(a, b, c, null, 1, M, N, K, 0, 0, 0, 0);
      const t0 = performance.now();
      for (let r = 0; r < 5; r++) addon.gemm(a, b, c, null, 1, M, N, K, 0, 0, 0, 0);
      seconds += (performance.now() - t0) / 1000;
      flops += 5 * 2 * M * N * K;
    }
    return flops / seconds / 1e9;
  };
  const simd = addon.simd();
  const peak = addon.fmaPeak(simd === 'avx512' ? 'avx512' : 'avx2', 1);
  const own = rate();
  const figures: ProductFigures = { peak, simd, own };
  if (addon.setEngine('blas') === 'blas') {
    figures.blas = rate();
    figures.blasName = addon.blas();
    addon.setEngine('own');
  }
  return figures;
}

interface ChildFigures {
  backend: string;
  matMul: number;
  products?: ProductFigures;
  sizes: Partial<Record<BenchSize, Figures>>;
}

/** Measures on this process's backend; with `dataParallel`, also the two-process split. */
async function measureHere(dataParallel: boolean, sizes: BenchSize[]): Promise<ChildFigures> {
  await initBackend({ quiet: true });
  const out: ChildFigures['sizes'] = {};
  for (const size of sizes) out[size] = await measure(size, size === 'tiny' ? 5 : size === 'small' ? 3 : 2, dataParallel);
  return {
    backend: describeBackend() + describeNative().replace(/; native GEMM not used.*/, ''),
    matMul: matMulGflops(),
    products: productFigures(),
    sizes: out,
  };
}

/** Runs this file in a child with DML_WASM_THREADS / DML_NATIVE set, so one bench compares them. */
function measureInChild(threads: number, native: boolean, dataParallel: boolean, sizes: BenchSize[]): ChildFigures {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', ...(dataParallel ? ['--dp'] : [])],
    {
      encoding: 'utf8',
      env: { ...process.env, DML_WASM_THREADS: String(threads), DML_NATIVE: native ? '1' : '0', DML_BENCH_SIZES: sizes.join(',') },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    },
  );
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`encoder bench child printed no figures:\n${out}`);
  const figures = JSON.parse(line.slice('BENCH_JSON '.length)) as ChildFigures;
  // Printed as it comes, so a long run that is stopped still leaves its figures.
  const brief = Object.entries(figures.sizes).map(
    ([size, f]) => `${size} train ${Math.round(f.train)} / infer ${Math.round(f.infer)} tok/s`,
  );
  console.log(`(measured ${figures.backend}: ${brief.join(', ')})`);
  return figures;
}

function printRow(label: string, f: Figures, flops: number, train = f.train, infer = f.infer): void {
  const gf = (tokensPerS: number, factor: number) => ((tokensPerS * flops * factor) / 1e9).toFixed(1);
  console.log(
    `  ${label.padEnd(30)} train ${fmt(train)} tok/s (${gf(train, 3)} GFLOP/s)   infer ${fmt(infer)} tok/s (${gf(infer, 1)} GFLOP/s)`,
  );
}

export async function run(opts: { peer?: boolean }): Promise<void> {
  const backend = await initBackend({ quiet: true });
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const all = Math.min(cores, 8);
  const native = backend === 'wasm' && process.env.DML_NATIVE !== '0' && nativeStatus().addon !== undefined;
  // On wasm: tfjs' kernels on one thread and on every core, then the native GEMM the same way.
  const rows: { label: string; figures: ChildFigures }[] = [];
  if (backend === 'wasm') {
    rows.push({ label: 'ours, wasm 1 thread', figures: measureInChild(1, false, cores > 1, ['tiny', 'small']) });
    if (cores > 1) rows.push({ label: `ours, wasm ${all} threads`, figures: measureInChild(all, false, false, ['tiny', 'small']) });
    if (native) {
      for (const threads of cores > 1 ? [1, all] : [1]) {
        const figures = measureInChild(threads, true, false, ['tiny', 'small']);
        // base in a child of its own: near the wasm heap's 4 GiB, a failure loses only this row
        try {
          figures.sizes.base = measureInChild(threads, true, false, ['base']).sizes.base;
        } catch (err) {
          console.log(`base on native ${threads} thread(s) failed: ${(err as Error).message.split('\n')[0]}`);
        }
        rows.push({ label: `ours, native ${threads} thread${threads === 1 ? '' : 's'}`, figures });
      }
    } else console.log(`native GEMM not measured: ${process.env.DML_NATIVE === '0' ? 'DML_NATIVE=0' : nativeStatus().reason}`);
  } else {
    rows.push({ label: `ours, ${backend}`, figures: await measureHere(false, ['tiny', 'small']) });
  }
  console.log(
    `encoder: backend ${backend}, batch x ${SEQ} tokens (tiny, small: 32, vocab 8000; base: 8, vocab 50265); tokens/s, median of timed steps after a warm-up`,
  );
  for (const r of rows) console.log(`matMul 512x512 (${r.figures.backend}): ${r.figures.matMul.toFixed(1)} GFLOP/s`);
  for (const r of rows) {
    const p = r.figures.products;
    if (!p) continue;
    const pct = (x: number) => `${x.toFixed(1)} GFLOP/s = ${((100 * x) / p.peak).toFixed(0)} % of peak`;
    console.log(
      `products [512x768]@[768x768|3072] etc. (${r.label.replace('ours, ', '')}): FMA peak ${p.peak.toFixed(1)} GFLOP/s (${p.simd}); ours ${pct(p.own)}${p.blas !== undefined ? `; ${p.blasName} ${pct(p.blas)}` : ''}`,
    );
  }
  for (const size of ['tiny', 'small', 'base'] as BenchSize[]) {
    const measured = rows.filter((r) => r.figures.sizes[size]);
    if (!measured.length) continue;
    const flops = measured[0].figures.sizes[size]!.flops;
    console.log(
      `\n${size}: ${(flops / 1e6).toFixed(2)} MFLOP/token forward (training counted as 3x), batch ${SHAPES[size].batch} x ${SEQ}`,
    );
    for (const r of measured) {
      const f = r.figures.sizes[size]!;
      printRow(r.label, f, flops);
      if (f.trainDp !== undefined) printRow('ours, 2 x 1 thread (data par.)', f, flops, f.trainDp, f.inferDp);
    }
    if (!opts.peer) continue;
    const best = measured[measured.length - 1];
    for (const threads of [1, 2]) {
      const p = peer(size, threads);
      if (typeof p === 'string') {
        console.log(`  ${p}`);
        break;
      }
      const ours = best.figures.sizes[size]!;
      console.log(
        `  ${`torch, set_num_threads(${threads})`.padEnd(30)} train ${fmt(p.train)} tok/s                 infer ${fmt(p.infer)} tok/s`,
      );
      console.log(
        `    ours (${best.label.replace('ours, ', '')}) / torch: train ${(ours.train / p.train).toFixed(2)}x, infer ${(ours.infer / p.infer).toFixed(2)}x`,
      );
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--child')) {
    const sizes = (process.env.DML_BENCH_SIZES || 'tiny,small').split(',') as BenchSize[];
    console.log(`BENCH_JSON ${JSON.stringify(await measureHere(process.argv.includes('--dp'), sizes))}`);
  } else await run({ peer: process.argv.includes('--peer') });
}
