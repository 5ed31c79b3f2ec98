// Fresh weights as transformers' `_init_weights` makes them (BertPreTrainedModel): Linear and
// Embedding weights ~ N(0, initializer_range), biases 0, LayerNorm weight 1 / bias 0, and the
// padding row of embeddings that have a padding_idx zeroed (word embeddings; RoBERTa's
// position embeddings too). Each tensor draws from its own stream, seeded by (seed, name), so
// the values do not depend on creation order.
import * as tf from '@tensorflow/tfjs';
import { Rng, deriveSeed } from '../util/random';
import type { EncoderConfig } from './types';
import { encoderParamSpecs, headParamSpecs, type ParamSpec } from './weight-names';

const DEFAULT_INITIALIZER_RANGE = 0.02; // BertConfig.initializer_range

/** Row zeroed in an embedding table (nn.Embedding padding_idx), or undefined. */
function paddingRow(spec: ParamSpec, config: EncoderConfig): number | undefined {
  if (spec.name.endsWith('embeddings.word_embeddings.weight')) return config.pad_token_id;
  if (config.model_type === 'roberta' && spec.name.endsWith('embeddings.position_embeddings.weight')) return config.pad_token_id;
  return undefined;
}

function initValues(spec: ParamSpec, config: EncoderConfig, seed: number): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.kind === 'bias') return new Float32Array(size);
  if (spec.kind === 'norm-weight') return new Float32Array(size).fill(1);
  const std = config.initializer_range ?? DEFAULT_INITIALIZER_RANGE;
  const values = new Rng(deriveSeed(seed, spec.name)).normalArray(size, 0, std);
  const pad = paddingRow(spec, config);
  if (pad !== undefined && pad < spec.shape[0]) values.fill(0, pad * spec.shape[1], (pad + 1) * spec.shape[1]);
  return values;
}

/** Fresh values for the given parameter specs, keyed by HF name (PyTorch layout). */
export function initParams(specs: ParamSpec[], config: EncoderConfig, seed: number): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const spec of specs) out[spec.name] = tf.tensor(initValues(spec, config, seed), spec.shape, 'float32');
  return out;
}

/**
 * Randomly initialised weights keyed by the exact HF names (`roberta.embeddings.word_embeddings.weight`,
 * `bert.encoder.layer.0.attention.self.query.weight`, ...); with `withHead` also the classification
 * head (`classifier.dense/out_proj` for RoBERTa, `bert.pooler.dense` + `classifier` for BERT).
 * The caller owns (disposes) the tensors. Example: `initEncoderWeights(makeConfig('bert','tiny',4000), 7)`.
 */
export function initEncoderWeights(
  config: EncoderConfig,
  seed: number,
  opts: { numLabels?: number; withHead?: boolean } = {},
): Record<string, tf.Tensor> {
  const specs = encoderParamSpecs(config);
  if (opts.withHead) specs.push(...headParamSpecs(config, opts.numLabels ?? config.num_labels ?? 2));
  return initParams(specs, config, seed);
}
