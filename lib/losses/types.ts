// Contracts of the loss library: names, the object every loss returns, and its construction options.
import type * as tf from '@tensorflow/tfjs';

export const LOSS_NAMES = [
  'soft-triple',
  'proxy-anchor',
  'proxy-nca',
  'triplet-margin',
  'batch-all-triplet',
  'contrastive',
  'multi-similarity',
  'ntxent',
  'supcon',
  'npairs',
  'arcface',
  'cosface',
] as const;
export type LossName = (typeof LOSS_NAMES)[number];

/** Losses owning class proxies/centers/weights; they have getLogits (proxy-based inference). */
export const PROXY_LOSSES = ['soft-triple', 'proxy-anchor', 'proxy-nca', 'arcface', 'cosface'] as const satisfies readonly LossName[];
export type ProxyLossName = (typeof PROXY_LOSSES)[number];

export function isLossName(name: string): name is LossName {
  return (LOSS_NAMES as readonly string[]).includes(name);
}

export function isProxyLoss(name: string): name is ProxyLossName {
  return (PROXY_LOSSES as readonly string[]).includes(name);
}

export type HyperValue = number | boolean | string;
export type LossParams = Record<string, HyperValue>;

/** What every loss is built from besides its hyper-parameters. */
export interface LossContext {
  numClasses: number;
  embeddingSize: number;
  /** Seeds weight initialisation and triplet sampling (default 0). */
  seed: number;
  /** Pair losses: at most this many matrix entries per row block (default 2^21; pairwise.ts). */
  blockEntries?: number;
  /** Pair losses: at most this many anchor rows per batch, sampled (default: all, exact). */
  maxAnchors?: number;
}

export interface MetricLoss {
  readonly name: LossName;
  /** The resolved hyper-parameters (defaults filled in). */
  readonly params: Readonly<LossParams>;
  /** Scalar loss of embeddings [N, D] with int32 class labels [N]; differentiable inside tf.grads. */
  compute(embeddings: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar;
  /** Owned weights in the documented layouts (empty for pair losses). */
  trainableWeights(): tf.Variable[];
  /** Proxy losses: class scores [N, C] of embeddings (larger = more likely). */
  getLogits?(embeddings: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}
