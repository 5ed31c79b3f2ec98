// BertIntermediate + BertOutput: out = LayerNorm(x + dropout(act(x W1 + b1) W2 + b2)).
// act: 'gelu' (exact, erf) or 'gelu_new' (tanh approximation); see gelu.ts.
import * as tf from '@tensorflow/tfjs';
import { dense } from './dense';
import type { DropoutContext } from './dropout';
import { gelu, geluTanh } from '../backend/gelu';
import { layerNorm } from './layer-norm';
import { feedForwardParams } from './checkpoint-layout';
import type { ParamStore } from './params';
import type { EncoderConfig } from './types';

export class FeedForward {
  private readonly p: ReturnType<typeof feedForwardParams>;

  constructor(
    private readonly config: EncoderConfig,
    private readonly params: ParamStore,
    layer: number,
  ) {
    this.p = feedForwardParams(config, layer);
  }

  /** x [B, L, D] → [B, L, D]. */
  forward(x: tf.Tensor3D, dropout?: DropoutContext): tf.Tensor3D {
    const { p, params } = this;
    const hidden = dense(params, p.intermediate, x);
    const activated = this.config.hidden_act === 'gelu_new' ? geluTanh(hidden) : gelu(hidden);
    let out = dense(params, p.output, activated);
    if (dropout) out = dropout.apply(out, this.config.hidden_dropout_prob);
    return layerNorm(x, params.get(p.norm.weight), params.get(p.norm.bias), this.config.layer_norm_eps, out) as tf.Tensor3D;
  }
}
