// A declared dense layer applied to x: y = x W + b, plus its LoRA adapter when one is attached
// (Hu et al. 2021, arXiv 2106.09685 §4.1): y = x W + b + (α/r) · (x A) B, with A [in, r] and
// B [r, out] (B starts at zero, so an adapted model starts equal to the base model). A frozen W
// held in 16 bits (--weights-dtype) goes through frozen-dense.ts.
import * as tf from '@tensorflow/tfjs';
import { linear } from '../backend/fast-matmul';
import { frozenHalfLinear } from './frozen-dense';
import type { LinearParams } from './param-spec';
import type { ParamStore } from './params';

export function dense(params: ParamStore, p: LinearParams, x: tf.Tensor): tf.Tensor {
  const half = params.half(p.weight.name);
  const y = half ? frozenHalfLinear(x, half, params.get(p.bias)) : linear(x, params.get(p.weight), params.get(p.bias));
  const adapter = params.adapter(p.weight.name);
  if (!adapter) return y;
  const low = linear(linear(x, adapter.a), adapter.b);
  return tf.add(y, tf.mul(low, adapter.scale));
}
