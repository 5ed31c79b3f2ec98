// BertIntermediate + BertOutput: out = LayerNorm(x + dropout(act(x W1 + b1) W2 + b2)).
// act: 'gelu' (exact, erf) or 'gelu_new' (tanh approximation); see gelu.ts.
import * as tf from '@tensorflow/tfjs';
import type { DropoutContext } from './dropout';
import { linear } from '../backend/fast-matmul';
import { gelu, geluTanh } from '../backend/gelu';
import { layerNorm } from './layer-norm';
import type { ParamStore } from './params';
import type { EncoderConfig } from './types';

export class FeedForward {
  private readonly p: string;

  constructor(private readonly config: EncoderConfig, private readonly params: ParamStore, layer: number) {
    this.p = `${config.model_type}.encoder.layer.${layer}`;
  }

  /** x [B, L, D] → [B, L, D]. */
  forward(x: tf.Tensor3D, dropout?: DropoutContext): tf.Tensor3D {
    const w = (n: string) => this.params.get(`${this.p}.${n}.weight`) as tf.Tensor2D;
    const b = (n: string) => this.params.get(`${this.p}.${n}.bias`) as tf.Tensor1D;
    const hidden = linear(x, w('intermediate.dense'), b('intermediate.dense'));
    const activated = this.config.hidden_act === 'gelu_new' ? geluTanh(hidden) : gelu(hidden);
    let out = linear(activated, w('output.dense'), b('output.dense'));
    if (dropout) out = dropout.apply(out, this.config.hidden_dropout_prob);
    return layerNorm(tf.add(x, out), w('output.LayerNorm') as unknown as tf.Tensor1D, b('output.LayerNorm'), this.config.layer_norm_eps) as tf.Tensor3D;
  }
}
