// Contracts of the loss library: names, the object every loss returns, and its construction options.
// tfjs-free at run time (type imports only), so config validation in the web app can use it.
import type * as tf from '@tensorflow/tfjs';
import { LOSS_SPECS } from './catalog.generated';

/** Every loss's name, in list order (the specs in lib/losses/<loss>.ts, via the generated catalog). */
export const LOSS_NAMES: readonly LossName[] = LOSS_SPECS.map((s) => s.name);
export type LossName = (typeof LOSS_SPECS)[number]['name'];

type ProxySpec = Extract<(typeof LOSS_SPECS)[number], { proxies: object }>;
/** Losses owning class proxies/centers/weights; they have getLogits (proxy-based inference). */
export const PROXY_LOSSES: readonly ProxyLossName[] = LOSS_SPECS.filter((s): s is ProxySpec => 'proxies' in s).map((s) => s.name);
export type ProxyLossName = ProxySpec['name'];

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
