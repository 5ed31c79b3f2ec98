// A bench model: a random checkpoint of a bench size with a 2-label head, loaded as a classifier,
// with its batch and a training step (forward, backward, AdamW) ready to time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { disposeBatch, toEncodedBatch } from '../../lib/model/batch';
import { saveCheckpoint } from '../../lib/model/checkpoint';
import { loadClassifier } from '../../lib/model/classifier';
import { initEncoderWeights } from '../../lib/model/random-init';
import type { TokenBatch } from '../../lib/model/types';
import { AdamW } from '../../lib/training/adamw';
import { benchConfig, randomBatch, type BenchSize } from './shapes';

export interface BenchModel {
  dir: string;
  tokens: TokenBatch;
  labels: number[];
  /** One training step: forward, backward, AdamW. */
  step: () => void;
  /** One inference forward, read back. */
  infer: () => void;
  dispose: () => void;
}

export async function benchModel(size: BenchSize): Promise<BenchModel> {
  const config = benchConfig(size);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dml-lens-bench-${size}-`));
  const weights = initEncoderWeights(config, 1, { withHead: true, numLabels: 2 });
  await saveCheckpoint(dir, { ...config, num_labels: 2 }, weights);
  tf.dispose(Object.values(weights));
  const { tokens, labels } = randomBatch(2, size);
  const model = await loadClassifier(dir, { quiet: true });
  const batch = toEncodedBatch(tokens);
  const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), 2);
  const opt = new AdamW(model.trainableVariables());
  return {
    dir,
    tokens,
    labels,
    step: () => {
      const { value, grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(onehot, model.forward(batch, { training: true }).logits),
        model.trainableVariables(),
      );
      opt.applyGradients(grads, 1e-4);
      value.dataSync();
      tf.dispose([value, ...Object.values(grads)]);
    },
    infer: () => tf.tidy(() => void model.forward(batch).logits.dataSync()),
    dispose: () => {
      opt.dispose();
      tf.dispose(onehot);
      disposeBatch(batch);
      model.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
