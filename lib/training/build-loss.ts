// The combined loss of a train config: L = beta * CE + (1 - beta) * DML (PAPER.md §4.2).
// TEMPORARY shim over lib/losses' createLoss until lib/losses/combined.ts (createCombinedLoss)
// lands; then this file only maps the config onto createCombinedLoss.
import * as tf from '@tensorflow/tfjs';
import { createLoss } from '../losses';
import { deriveSeed } from '../util/random';
import type { TrainConfig } from './config';
import { resolvedLossParams } from './loss-catalog';
import type { TrainingLoss } from './train-types';

export function buildLoss(config: TrainConfig, numClasses: number, embeddingSize: number, seed: number): TrainingLoss {
  const beta = config.loss === 'ce' ? 1 : config.beta;
  const dml = config.loss === 'ce' ? null : createLoss(config.loss, { numClasses, embeddingSize, seed: deriveSeed(seed, 'loss'), ...resolvedLossParams(config.loss, config.lossPreset, config.lossParams) });
  return {
    compute({ logits, hidden, attentionMask, labels }) {
      const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, numClasses), logits) as tf.Scalar;
      if (!dml) return { total: ce, ce, dml: null };
      const [B, L, D] = hidden.shape;
      let emb: tf.Tensor2D;
      let y: tf.Tensor1D;
      if (config.tokens === 'cls') {
        emb = tf.slice(hidden, [0, 0, 0], [B, 1, D]).reshape([B, D]);
        y = labels;
      } else {
        emb = hidden.reshape([B * L, D]);
        y = tf.tile(labels.reshape([B, 1]), [1, L]).reshape([B * L]) as tf.Tensor1D;
        if (config.tokens === 'all-nonpad') {
          const keep = Array.from(attentionMask.dataSync()).flatMap((m, i) => (m ? [i] : []));
          const idx = tf.tensor1d(keep, 'int32');
          emb = tf.gather(emb, idx);
          y = tf.gather(y, idx);
        }
      }
      const d = dml.compute(emb, y);
      return { total: tf.add(tf.mul(ce, beta), tf.mul(d, 1 - beta)) as tf.Scalar, ce, dml: d };
    },
    trainableWeights: () => dml?.trainableWeights() ?? [],
    proxyProbs: dml?.getLogits
      ? (logits, cls) => tf.tidy(() => tf.add(tf.mul(tf.softmax(logits), beta), tf.mul(tf.softmax(dml.getLogits!(cls)), 1 - beta)) as tf.Tensor2D)
      : undefined,
    dispose: () => dml?.dispose(),
  };
}
