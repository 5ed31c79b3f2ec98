// ArcFace loss (Deng et al., CVPR 2019) as pytorch-metric-learning v1.6.2 computes it (PAPER.md
// §5.10; PML losses/arcface_loss.py): target logit cos(θ_y + m), m = radians(marginDegrees), scale s.
// cos(θ + m) = cosθ·cos m − sinθ·sin m with sinθ = √(1 − cos²θ) (θ = acos(cos) ∈ [0, π]): the same
// value as PML's acos form, with a finite gradient at cosθ = ±1. v1.6.2 behaviour (no v2.x
// "θ > π − m" fallback).
import * as tf from '@tensorflow/tfjs';
import { createLargeMarginLoss } from './large-margin';
import { safeSqrt } from './ops';
import type { LossContext, LossParams, MetricLoss } from './types';

export function createArcFace(ctx: LossContext, params: LossParams): MetricLoss {
  const m = ((params.marginDegrees as number) * Math.PI) / 180;
  const modify = (c: tf.Tensor2D) => {
    const clipped = tf.clipByValue(c, -1, 1);
    const sin = safeSqrt(tf.sub(1, tf.square(clipped)));
    return tf.sub(tf.mul(clipped, Math.cos(m)), tf.mul(sin, Math.sin(m))) as tf.Tensor2D;
  };
  return createLargeMarginLoss('arcface', ctx, params, params.scale as number, modify);
}
