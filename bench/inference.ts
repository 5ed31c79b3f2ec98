// Inference bench (issue 17): tokens/s of a forward pass at batch 32 x 64 for the tiny and small
// sizes and a RoBERTa-base shape, on onnxruntime-node (the in-process graph dml-lens runs, with
// onnxruntime's contrib kernels) vs tfjs (the current backend, with its native GEMM when loaded)
// with 1 and 2 threads, each thread count in its own child process; `--peer` adds PyTorch
// (../shared/bench/torch_bert_bench.py: forward under no_grad, eval mode) and prints ratios from
// the same run. Then the evaluation of one demo-like run (default model, 600 MR sentences) on tfjs
// vs onnxruntime, the demo's attention step (20 sentences, all maps + rollout) on both, and the
// what-if box's latency (p50/p95 of one sentence on the default model, after its cache is warm).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, describeNative, initBackend } from '../lib/backend/backend';
import { disposeBatch, toEncodedBatch } from '../lib/model/batch';
import { saveCheckpoint } from '../lib/model/checkpoint';
import { loadClassifier } from '../lib/model/classifier';
import { makeConfig } from '../lib/model/config';
import { initEncoderWeights } from '../lib/model/random-init';
import type { EncoderConfig, TokenBatch } from '../lib/model/types';
import { classifierSession } from '../lib/onnx/classifier-session';
import { projectRoot } from '../lib/paths';
import { explainInput, explainText } from '../lib/explain/explain-text';
import { OnnxAttention } from '../lib/explain/onnx-attention';
import { parseExplainOptions } from '../lib/explain/options';
import { encodeText } from '../lib/explain/text-input';
import { evaluate } from '../lib/training/evaluate';
import { Rng } from '../lib/util/random';
import { runPeer } from './encoder/peer';
import { fastest } from './encoder/timing';

const BATCH = 32;
const SEQ = 64;
const TOKENS = BATCH * SEQ;
type Shape = 'tiny' | 'small' | 'base';
/** `BENCH_INFERENCE_SHAPES=tiny,small` measures a subset (the base shape takes minutes on 2 cores). */
const SHAPES: Shape[] = (process.env.BENCH_INFERENCE_SHAPES?.split(',') ?? ['tiny', 'small', 'base']).filter((s): s is Shape =>
  ['tiny', 'small', 'base'].includes(s),
);

function shapeConfig(shape: Shape): EncoderConfig {
  if (shape === 'base')
    return makeConfig('roberta', 'small', 50265, {
      num_hidden_layers: 12,
      hidden_size: 768,
      num_attention_heads: 12,
      intermediate_size: 3072,
    });
  return makeConfig('roberta', shape, 8000);
}

function randomBatch(vocab: number, rows = BATCH): TokenBatch {
  const rng = new Rng(2);
  const n = rows * SEQ;
  const inputIds = Int32Array.from({ length: n }, () => 5 + rng.int(vocab - 5));
  return {
    inputIds,
    attentionMask: new Int32Array(n).fill(1),
    tokenTypeIds: new Int32Array(n),
    batchSize: rows,
    seqLen: SEQ,
    lengths: new Array<number>(rows).fill(SEQ),
  };
}

/** In a child: tfjs and onnxruntime tokens/s for every shape at this process's thread count. */
async function measureHere(threads: number): Promise<{ backend: string; rows: Record<Shape, { tfjs: number; onnx: number }> }> {
  await initBackend({ quiet: true });
  const rows = {} as Record<Shape, { tfjs: number; onnx: number }>;
  for (const shape of SHAPES) {
    const config = shapeConfig(shape);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dml-lens-bench-infer-${shape}-`));
    const weights = initEncoderWeights(config, 1, { withHead: true, numLabels: 2 });
    await saveCheckpoint(dir, { ...config, num_labels: 2 }, weights);
    tf.dispose(Object.values(weights));
    const model = await loadClassifier(dir, { quiet: true }); // no tokenizer: the batch is made of ids
    const tokens = randomBatch(config.vocab_size);
    const runs = shape === 'base' ? 2 : 5;
    // tfjs on the base shape: 8 of the 32 rows, once after the warm-up (tokens/s barely depends on
    // the batch at this size; the whole batch takes minutes on wasm)
    const tfjsRows = shape === 'base' ? 8 : BATCH;
    const enc = toEncodedBatch(randomBatch(config.vocab_size, tfjsRows));
    const tfjs = (tfjsRows * SEQ) / (await fastest(() => tf.tidy(() => model.forward(enc).logits.dataSync()), shape === 'base' ? 1 : runs));
    disposeBatch(enc);
    const session = await classifierSession(model, { threads });
    const onnx = TOKENS / (await fastest(() => session.run(tokens), runs));
    await session.release();
    model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
    rows[shape] = { tfjs, onnx };
  }
  return { backend: `${describeBackend()}${describeNative()}`, rows };
}

function inChild(threads: number): ReturnType<typeof measureHere> extends Promise<infer T> ? T : never {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(threads)], {
    encoding: 'utf8',
    env: { ...process.env, DML_WASM_THREADS: String(threads), DML_INFERENCE_THREADS: String(threads) },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`inference bench child printed no figures:\n${out}`);
  return JSON.parse(line.slice('BENCH_JSON '.length)) as ReturnType<typeof inChild>;
}

function peer(shape: Shape, threads: number): number | string {
  let best = 0;
  for (let run = 0; run < (shape === 'base' ? 1 : 2); run++) {
    // torch.set_num_threads does not bound Debian's OpenBLAS: unbound, the peer's "1 thread" runs its
    // GEMMs on every core (`/usr/bin/time -f %P` shows well over 100% CPU on base)
    const figures = runPeer(shape, threads, BATCH, { boundBlas: true });
    if (typeof figures === 'string') return figures;
    best = Math.max(best, figures.infer);
  }
  return best;
}

function mrSentences(n: number): string[] {
  const dir = path.resolve(projectRoot(), '..', 'shared', 'data', 'senteval', 'MR');
  const read = (f: string) =>
    fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'latin1').split('\n').filter(Boolean) : [];
  const all = [...read('rt-polarity.neg').slice(0, n / 2), ...read('rt-polarity.pos').slice(0, n / 2)];
  if (all.length) return all;
  const words = 'the movie was a good bad great awful plot film and it is very dull bright'.split(' ');
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: 8 + (i % 25) }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' '),
  );
}

/** Evaluation of 600 sentences on the default model, both engines, the ONNX export included. */
async function evaluationBeforeAfter(modelDir: string): Promise<void> {
  await initBackend({ quiet: true });
  const model = await loadClassifier(modelDir, { numLabels: 2, quiet: true, seed: 1 });
  const data = { texts: mrSentences(600), pairs: null };
  const time = async (engine: 'tfjs' | 'onnxruntime') => {
    const t0 = performance.now();
    const out = await evaluate(model, data, { maxLength: 64, batchSize: 64, engine });
    return { s: (performance.now() - t0) / 1000, out };
  };
  const before = await time('tfjs');
  const after = await time('onnxruntime');
  let diff = 0;
  before.out.probs.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - after.out.probs[i]))));
  console.log(
    `evaluation of a demo-like run (${path.basename(modelDir)}, ${data.texts.length} MR sentences, batches of 64, max length 64; ${describeBackend()}):`,
  );
  console.log(
    `  tfjs ${before.s.toFixed(2)} s, onnxruntime ${after.s.toFixed(2)} s (graph export + session included): ${(before.s / after.s).toFixed(2)}x; max |Δprob| ${diff.toExponential(1)}`,
  );
  model.dispose();
}

/**
 * The demo's attention step (lib/demo/post-process: `explain --method attention` on 20 sentences of
 * a run) without the database: tfjs forwards vs one onnxruntime session with attention outputs
 * (its graph build included), the same maps within 1e-4.
 */
async function attentionBeforeAfter(modelDir: string): Promise<void> {
  await initBackend({ quiet: true });
  const model = await loadClassifier(modelDir, { numLabels: 2, quiet: true, seed: 1 });
  const texts = mrSentences(20);
  const o = parseExplainOptions({ maxLength: 64 });
  const t0 = performance.now();
  const before = texts.map((t) => explainText(model, t, 'attention', o));
  const tfjsMs = performance.now() - t0;
  const t1 = performance.now();
  const onnx = await OnnxAttention.open(model);
  if (!onnx) throw new Error('onnxruntime is not the inference engine here (DML_INFERENCE?)');
  const after: ReturnType<typeof explainInput>[] = [];
  for (const t of texts) after.push(explainInput(model, await onnx.annotate(encodeText(model, t, undefined, 64)), 'attention', o));
  const onnxMs = performance.now() - t1;
  await onnx.release();
  let diff = 0;
  before.forEach((b, i) => b.scores.forEach((v, j) => (diff = Math.max(diff, Math.abs(v - after[i].scores[j])))));
  console.log(
    `attention step of the demo (${path.basename(modelDir)}, ${texts.length} MR sentences, all layers and heads + rollout): tfjs ${(tfjsMs / 1000).toFixed(2)} s, onnxruntime ${(onnxMs / 1000).toFixed(2)} s (graph build included): ${(tfjsMs / onnxMs).toFixed(2)}x; max |Δscore| ${diff.toExponential(1)}`,
  );
  model.dispose();
}

/** The what-if box's latency on a temp database with one finished run keeping the default model. */
async function whatIfLatency(modelDir: string): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-bench-what-if-'));
  const home = process.env.DML_LENS_HOME;
  process.env.DML_LENS_HOME = tmp;
  const { migrate } = await import('../scripts/setup');
  const { closeDb, getDb } = await import('../lib/db/client');
  const { runDir } = await import('../lib/paths');
  const { whatIf } = await import('../lib/what-if/what-if');
  const { importDatasets } = await import('../lib/data/import-dataset');
  const { findDataset, splitExamples } = await import('../lib/store/datasets');
  const { createExperimentWithRuns } = await import('../lib/store/experiments');
  const { completeRun } = await import('../lib/store/runs');
  const url = `file:${path.join(tmp, 'bench.db')}`;
  await initBackend({ quiet: true }); // only to give the run a saved model
  await migrate(url);
  const db = getDb(url);
  try {
    const texts = mrSentences(40);
    // a data set, and one finished run that evaluated all of it, written through the store as training writes them
    await importDatasets(db, [
      {
        name: 'bench-mr',
        source: 'file',
        task: null,
        labelNames: ['neg', 'pos'],
        hasPairs: false,
        origin: 'bench',
        checksum: 'bench',
        examples: texts.map((text, idx) => ({ split: 'train', text, label: idx < 20 ? 0 : 1, sourceLine: idx + 1 })),
        warnings: [],
      },
    ]);
    const ds = (await findDataset(db, 'bench-mr'))!;
    const config = { maxLength: 64 };
    const experiment = { sweepId: null, name: 'bench what-if', config, configHash: 'bench', datasetId: ds.id, modelId: null };
    const { runIds } = await createExperimentWithRuns(db, { ...experiment, loss: 'ce', beta: 1, sampleSize: null, protocol: 'kfold' }, [
      { fold: 0, seed: 1, config },
    ]);
    const run = { id: runIds[0] };
    const examples = await splitExamples(db, ds.id, 'train');
    const predictions = examples.map((e) => ({
      exampleId: e.id,
      label: e.label,
      predicted: e.label,
      confidence: 0.9,
      correct: true,
      probsJson: '[0.1,0.9]',
    }));
    await completeRun(db, run.id, {
      metricsJson: '{}',
      trainSize: 0,
      evalSize: examples.length,
      durationMs: 0,
      predictions,
      artifacts: [],
    });
    const model = await loadClassifier(modelDir, { numLabels: 2, quiet: true, seed: 1 });
    await model.save(path.join(runDir(run.id), 'model'));
    model.dispose();
    const t0 = performance.now();
    await whatIf(db, run.id, texts[0]);
    const first = performance.now() - t0;
    const times: number[] = [];
    const cpu: number[] = [];
    const probe = mrSentences(200);
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      const c = process.cpuUsage();
      await whatIf(db, run.id, probe[(i * 37) % probe.length]);
      times.push(performance.now() - t);
      const u = process.cpuUsage(c);
      cpu.push((u.user + u.system) / 1000);
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    console.log(
      `what-if, one sentence on ${path.basename(modelDir)} (onnxruntime, 1 thread, 40 neighbours): p50 ${times[50].toFixed(1)} ms, p95 ${times[95].toFixed(1)} ms wall over 100 sentences; CPU p50 ${cpu[50].toFixed(1)} ms, p95 ${cpu[95].toFixed(1)} ms (first call with graph build + neighbour embeddings ${first.toFixed(0)} ms); target p95 < 100 ms; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
    );
  } finally {
    await closeDb(url);
    if (home === undefined) delete process.env.DML_LENS_HOME;
    else process.env.DML_LENS_HOME = home;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(8);

export async function run(opts: { peer?: boolean }): Promise<void> {
  const only = process.env.BENCH_INFERENCE_ONLY; // 'speed', 'eval', 'attention' or 'what-if' to time one part
  if (!only || only === 'speed') {
    const byThreads = [1, 2].map((threads) => ({ threads, figures: inChild(threads) }));
    console.log(
      `inference tokens/s, batch ${BATCH} x ${SEQ}, fastest run after a warm-up (PyTorch: the better of 2 runs of its script, 1 for base); tfjs backend: ${byThreads.map((b) => b.figures.backend).join(' / ')}`,
    );
    for (const shape of SHAPES) {
      const c = shapeConfig(shape);
      console.log(`\n${shape} (${c.num_hidden_layers} x ${c.hidden_size}, vocab ${c.vocab_size}):`);
      for (const { threads, figures } of byThreads) {
        const f = figures.rows[shape];
        const p = opts.peer ? peer(shape, threads) : 'peer not run (--peer)';
        const torch =
          typeof p === 'number'
            ? `   torch ${fmt(p)}   onnx/torch ${(f.onnx / p).toFixed(2)}x   tfjs/torch ${(f.tfjs / p).toFixed(2)}x`
            : `   (${p})`;
        console.log(
          `  ${threads} thread${threads > 1 ? 's' : ' '}: onnxruntime ${fmt(f.onnx)}   tfjs ${fmt(f.tfjs)}   onnx/tfjs ${(f.onnx / f.tfjs).toFixed(2)}x${torch}`,
        );
      }
    }
  }
  const defaultModel = path.join(projectRoot(), 'models', 'dml-lens-small');
  if (!fs.existsSync(path.join(defaultModel, 'config.json'))) {
    console.log(`evaluation and what-if skipped: ${defaultModel} is missing`);
    return;
  }
  if (!only || only === 'eval') await evaluationBeforeAfter(defaultModel);
  if (!only || only === 'attention') await attentionBeforeAfter(defaultModel);
  if (!only || only === 'what-if') await whatIfLatency(defaultModel);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) console.log(`BENCH_JSON ${JSON.stringify(await measureHere(Number(process.argv[childAt + 1])))}`);
  else await run({ peer: process.argv.includes('--peer') });
}
