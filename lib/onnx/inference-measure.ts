// Which engine runs a model's inference-only forwards faster on this machine: onnxruntime (the
// in-process graph, ./classifier-session) or tfjs on the current backend (with its native GEMM
// when loaded). Measured once per machine, tfjs backend, onnxruntime threads and model shape — a
// forward of 16 x 64 random tokens on each, after a warm-up, best of two — and cached under the
// data home (inference-measurements.json), as the training calibration is. `DML_INFERENCE=onnx|tfjs`
// skips it (./inference-choice).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, describeNative } from '../backend/backend';
import { disposeBatch, toEncodedBatch } from '../model/batch';
import type { EncoderConfig, SequenceClassifier, TokenBatch } from '../model/types';
import { dataHome } from '../paths';
import { Rng } from '../util/random';
import { classifierSession } from './classifier-session';
import { inferenceThreads } from './session';

export interface InferenceMeasurement {
  key: string;
  onnxTokensPerSecond: number;
  tfjsTokensPerSecond: number;
  engine: 'onnxruntime' | 'tfjs';
  measuredAt: string;
}

const ROWS = 16;
const SEQ = 64;

export function measurementFile(): string {
  return path.join(dataHome(), 'inference-measurements.json');
}

/** Machine, tfjs backend (native GEMM included), onnxruntime threads, model shape. */
export function measurementKey(c: EncoderConfig): string {
  const shape = `${c.model_type}-${c.num_hidden_layers}x${c.hidden_size}-h${c.num_attention_heads}-i${c.intermediate_size}`;
  return `${os.hostname()}|${os.cpus().length}cpu|tfjs ${describeBackend()}${describeNative()}|onnxruntime ${inferenceThreads()} threads|${shape}`;
}

export function readMeasurements(): InferenceMeasurement[] {
  try {
    return JSON.parse(fs.readFileSync(measurementFile(), 'utf8')) as InferenceMeasurement[];
  } catch {
    return [];
  }
}

function store(m: InferenceMeasurement): void {
  const all = readMeasurements().filter((x) => x.key !== m.key);
  all.push(m);
  fs.mkdirSync(path.dirname(measurementFile()), { recursive: true });
  const tmp = `${measurementFile()}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(all, null, 1) + '\n');
  fs.renameSync(tmp, measurementFile());
}

function randomBatch(vocab: number): TokenBatch {
  const rng = new Rng(11);
  const n = ROWS * SEQ;
  return {
    inputIds: Int32Array.from({ length: n }, () => 5 + rng.int(Math.max(1, vocab - 5))),
    attentionMask: new Int32Array(n).fill(1),
    tokenTypeIds: new Int32Array(n),
    batchSize: ROWS,
    seqLen: SEQ,
    lengths: new Array<number>(ROWS).fill(SEQ),
  };
}

async function tokensPerSecond(forward: () => unknown): Promise<number> {
  await forward();
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    await forward();
    best = Math.min(best, performance.now() - t0);
  }
  return (ROWS * SEQ * 1000) / best;
}

/** The cached measurement for this model's shape, or a new one (stored). */
export async function measuredInference(model: SequenceClassifier): Promise<InferenceMeasurement> {
  const key = measurementKey(model.config);
  const cached = readMeasurements().find((m) => m.key === key);
  if (cached) return cached;
  const tokens = randomBatch(model.config.vocab_size);
  const enc = toEncodedBatch(tokens);
  let tfjs: number;
  try {
    tfjs = await tokensPerSecond(() => tf.tidy(() => model.forward(enc, { training: false }).logits.dataSync()));
  } finally {
    disposeBatch(enc);
  }
  const session = await classifierSession(model);
  let onnx: number;
  try {
    onnx = await tokensPerSecond(() => session.run(tokens));
  } finally {
    await session.release();
  }
  const m: InferenceMeasurement = {
    key,
    onnxTokensPerSecond: Math.round(onnx),
    tfjsTokensPerSecond: Math.round(tfjs),
    engine: onnx >= tfjs ? 'onnxruntime' : 'tfjs',
    measuredAt: new Date().toISOString(),
  };
  store(m);
  return m;
}
