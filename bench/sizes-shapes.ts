// The model shapes of the size benches (bench/sizes.ts, bench/step-profile.ts): RoBERTa-base
// (12 x 768) and RoBERTa-large (24 x 1024), vocabulary 50,265, with random weights written once as
// a float16 checkpoint under the OS temp folder (speed does not depend on the weights).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { saveCheckpoint } from '../lib/model/checkpoint';
import { makeConfig } from '../lib/model/config';
import { initEncoderWeights } from '../lib/model/random-init';
import type { EncoderConfig } from '../lib/model/types';

/** The shape; `layers` (else DML_BENCH_LAYERS, else the real count) shortens it for quick checks. */
export function benchShape(name: 'base' | 'large', layers?: number): EncoderConfig {
  const count = layers || Number(process.env.DML_BENCH_LAYERS) || (name === 'base' ? 12 : 24);
  const dims =
    name === 'base'
      ? { hidden_size: 768, num_attention_heads: 12, intermediate_size: 3072 }
      : { hidden_size: 1024, num_attention_heads: 16, intermediate_size: 4096 };
  return makeConfig('roberta', 'small', 50265, {
    ...dims,
    num_hidden_layers: count,
    max_position_embeddings: 514,
    pad_token_id: 1,
    num_labels: 2,
  });
}

/** The folder of a random checkpoint of `config` (written on first use). */
export async function benchCheckpoint(config: EncoderConfig): Promise<string> {
  const dir = path.join(os.tmpdir(), `dml-lens-bench-${config.hidden_size}x${config.num_hidden_layers}`);
  if (fs.existsSync(path.join(dir, 'model.safetensors'))) return dir;
  const tensors = initEncoderWeights(config, 1, { withHead: true, numLabels: 2 });
  try {
    await saveCheckpoint(dir, config, tensors, { dtype: 'F16' });
  } finally {
    tf.dispose(Object.values(tensors));
  }
  return dir;
}

/** The wasm heap's size (it never shrinks, so in a fresh process it is the peak); NaN off wasm. */
export function wasmHeapMiB(): number {
  const b = tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } };
  return b.wasm ? b.wasm.HEAPU8.length / 2 ** 20 : NaN;
}
