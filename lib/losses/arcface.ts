// ArcFace loss (Deng et al., CVPR 2019) as pytorch-metric-learning v1.6.2 computes it (docs/paper.md
// §5.10; PML losses/arcface_loss.py): target logit cos(θ_y + m), m = radians(marginDegrees), scale s.
// cos(θ + m) = cosθ·cos m − sinθ·sin m with sinθ = √(1 − cos²θ) (θ = acos(cos) ∈ [0, π]): the same
// value as PML's acos form, with a finite gradient at cosθ = ±1. v1.6.2 behaviour (no v2.x
// "θ > π − m" fallback).
import * as tf from '@tensorflow/tfjs';
import { createLargeMarginLoss } from './large-margin';
import { safeSqrt } from './ops';
import { defineLoss, defineLossSpec, num, type ParamsOf } from './spec';
import type { LossContext, MetricLoss } from './types';

export const spec = defineLossSpec({
  name: 'arcface',
  summary: 'ArcFace (Deng et al. 2019): additive angular margin on class weights',
  order: 11,
  colour: 'reddish-purple',
  proxies: { layout: 'columns' },
  hyper: {
    marginDegrees: num(28.6, 'additive angular margin in degrees', { min: 0 }),
    scale: num(64, 'logit scale s', { min: 0, minExclusive: true }),
  },
});

export function createArcFace(ctx: LossContext, params: ParamsOf<typeof spec>): MetricLoss {
  const m = (params.marginDegrees * Math.PI) / 180;
  const modify = (c: tf.Tensor2D) => {
    const clipped = tf.clipByValue(c, -1, 1);
    const sin = safeSqrt(tf.sub(1, tf.square(clipped)));
    return tf.sub<tf.Tensor2D>(tf.mul(clipped, Math.cos(m)), tf.mul(sin, Math.sin(m)));
  };
  return createLargeMarginLoss('arcface', ctx, params, params.scale, modify);
}

export const loss = defineLoss(spec, createArcFace);
