// BertSelfAttention + BertSelfOutput (Vaswani et al. 2017, arXiv 1706.03762):
//   A = softmax(Q Kᵀ / √d_h + mask) (one native pass, lib/backend/masked-softmax.ts), context = A V per head; out = LayerNorm(x + dropout(context Wo + bo)).
// Per-head products in lib/backend/attention-products.ts (natively without transposing heads).
import * as tf from '@tensorflow/tfjs';
import { dense } from './dense';
import type { DropoutContext } from './dropout';
import { attentionContext, attentionScores } from '../backend/attention-products';
import { maskedSoftmax } from '../backend/masked-softmax';
import { layerNorm } from './layer-norm';
import { attentionParams } from './checkpoint-layout';
import type { ParamStore } from './params';
import type { EncoderConfig } from './types';

/** Added to the scores of padding keys: exp() of it is exactly 0 in float32 (HF uses finfo.min). */
export const MASKED_SCORE = -1e9;

/** [B, L] 0/1 attention mask → additive mask [B, 1, 1, L] (0 for tokens, MASKED_SCORE for padding). */
export function additiveMask(attentionMask: tf.Tensor2D): tf.Tensor4D {
  const [B, L] = attentionMask.shape;
  return tf.mul(tf.sub(1, tf.cast(attentionMask, 'float32')), MASKED_SCORE).reshape([B, 1, 1, L]);
}

export class SelfAttention {
  private readonly p: ReturnType<typeof attentionParams>;
  private readonly heads: number;
  private readonly headSize: number;

  constructor(
    private readonly config: EncoderConfig,
    private readonly params: ParamStore,
    layer: number,
  ) {
    this.p = attentionParams(config, layer);
    this.heads = config.num_attention_heads;
    this.headSize = config.hidden_size / config.num_attention_heads;
  }

  /** x [B, L, D], mask [B, 1, 1, L] → { output [B, L, D], probs [B, H, L, L] }. */
  forward(x: tf.Tensor3D, mask: tf.Tensor4D, dropout?: DropoutContext): { output: tf.Tensor3D; probs: tf.Tensor4D } {
    const H = this.heads;
    const dh = this.headSize;
    const { p, params } = this;
    const q = dense(params, p.query, x) as tf.Tensor3D;
    const k = dense(params, p.key, x) as tf.Tensor3D;
    const v = dense(params, p.value, x) as tf.Tensor3D;
    const probs = maskedSoftmax(attentionScores(q, k, H), mask, 1 / Math.sqrt(dh)) as tf.Tensor4D; // [B, H, L, L]
    const dropped = dropout ? (dropout.apply(probs, this.config.attention_probs_dropout_prob) as tf.Tensor4D) : probs;
    const merged = attentionContext(dropped, v, H); // [B, L, D]
    let out = dense(params, p.output, merged);
    if (dropout) out = dropout.apply(out, this.config.hidden_dropout_prob);
    const normed = layerNorm(x, params.get(p.norm.weight), params.get(p.norm.bias), this.config.layer_norm_eps, out);
    return { output: normed as tf.Tensor3D, probs };
  }
}
