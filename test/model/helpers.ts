// Shared fixtures of the model tests: tiny configs, random weights with non-trivial values, and
// temporary checkpoint folders.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { saveCheckpoint } from '../../lib/model/checkpoint';
import { makeConfig, type ModelSize } from '../../lib/model/config';
import { initEncoderWeights } from '../../lib/model/random-init';
import type { Arch, EncoderConfig } from '../../lib/model/types';
import { Rng } from '../../lib/util/random';
import type { Weights } from './reference-encoder';

/** Our tiny preset with a small vocabulary; `initializer_range` 0.2 so attention is far from uniform. */
export function testConfig(arch: Arch, size: ModelSize | 'micro' = 'tiny', overrides: Partial<EncoderConfig> = {}): EncoderConfig {
  const micro =
    size === 'micro'
      ? { hidden_size: 16, num_attention_heads: 2, intermediate_size: 24, num_hidden_layers: 2, max_position_embeddings: 40 }
      : {};
  return makeConfig(arch, size === 'micro' ? 'tiny' : size, 120, { initializer_range: 0.2, ...micro, ...overrides });
}

/** HF-layout weights with the head; LayerNorm and biases perturbed so every parameter matters. */
export function randomWeights(config: EncoderConfig, seed: number, numLabels = 3): Record<string, tf.Tensor> {
  const tensors = initEncoderWeights(config, seed, { withHead: true, numLabels });
  const rng = new Rng(seed + 1);
  for (const [name, t] of Object.entries(tensors)) {
    if (t.rank !== 1) continue;
    const base = name.endsWith('LayerNorm.weight') ? 1 : 0;
    tensors[name] = tf.tensor1d(rng.normalArray(t.size, base, 0.1));
    t.dispose();
  }
  return tensors;
}

export function toFloat64(tensors: Record<string, tf.Tensor>): Weights {
  const out: Weights = {};
  for (const [name, t] of Object.entries(tensors)) out[name] = { shape: t.shape, values: Float64Array.from(t.dataSync()) };
  return out;
}

const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the test process exits. */
export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dml-lens-${label}-`));
  made.push(dir);
  return dir;
}

/** Writes a checkpoint of random weights; returns its folder and the float64 copy of the weights. */
export async function writeRandomCheckpoint(
  config: EncoderConfig,
  seed: number,
  numLabels = 3,
): Promise<{ dir: string; weights: Weights }> {
  const tensors = randomWeights(config, seed, numLabels);
  const dir = tempDir(`${config.model_type}-ckpt`);
  await saveCheckpoint(dir, { ...config, num_labels: numLabels }, tensors);
  const weights = toFloat64(tensors);
  tf.dispose(Object.values(tensors));
  return { dir, weights };
}

/** Max |a - b| over two flat arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
