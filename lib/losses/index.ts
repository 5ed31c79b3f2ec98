// The loss library: names, hyper-parameters and presets, and `createLoss`, the one way to build a
// metric-learning loss. Each loss is one file, lib/losses/<loss>.ts (spec + implementation), listed
// in registry.generated.ts. Cross-entropy and the CE + DML mixture live in combined.ts.
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import { LOSS_HYPERPARAMS, resolveLossParams } from './hyperparams';
import { LOSS_REGISTRY } from './registry.generated';
import { LOSS_NAMES, isLossName, type LossContext, type MetricLoss } from './types';

export { LOSS_NAMES, PROXY_LOSSES, isLossName, isProxyLoss } from './types';
export type { HyperValue, LossContext, LossName, LossParams, MetricLoss, ProxyLossName } from './types';
export { LOSS_HYPERPARAMS, LOSS_PRESETS, PRESETS, coerceHyperParam, lossParamProblems, lossSpec, resolveLossParams } from './hyperparams';
export { LOSS_SPECS } from './catalog.generated';
export type { LossSpec, ParamsOf } from './spec';
export type { HyperKind, HyperParamSpec, LossPreset } from './hyperparams';
export { DISTANCE_NAMES } from './distances';
export type { DistanceName } from './distances';

/** Options every loss takes besides its hyper-parameters. */
export const COMMON_OPTIONS = ['numClasses', 'embeddingSize', 'seed', 'blockEntries', 'maxAnchors'] as const;

export interface CreateLossOptions {
  numClasses: number;
  embeddingSize: number;
  seed?: number;
  /** Pair losses: matrix entries per row block (default 2^21, see pairwise.ts). */
  blockEntries?: number;
  /** Pair losses: evaluate at most this many anchor rows per batch, drawn at random from a
   *  seeded stream; every embedding stays a candidate positive/negative (default: all, exact). */
  maxAnchors?: number;
  /** The loss's hyper-parameters (LOSS_HYPERPARAMS); missing ones take PML's defaults. */
  [hyperParam: string]: unknown;
}

function positiveInteger(value: unknown, name: string, problems: string[]): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    problems.push(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return value as number;
}

/** Input checks shared by every loss, then the loss's own compute. */
function checkedCompute(loss: MetricLoss, embeddingSize: number): MetricLoss['compute'] {
  return (embeddings, labels) => {
    if (embeddings.rank !== 2 || embeddings.shape[1] !== embeddingSize) {
      throw new Error(`${loss.name}: embeddings must be [N, ${embeddingSize}], got [${embeddings.shape.join(',')}]`);
    }
    if (labels.rank !== 1 || labels.shape[0] !== embeddings.shape[0]) {
      throw new Error(`${loss.name}: labels must be [${embeddings.shape[0]}], got [${labels.shape.join(',')}]`);
    }
    if (embeddings.shape[0] === 0) return tf.mul<tf.Scalar>(tf.sum(embeddings), 0);
    return loss.compute(embeddings, labels);
  };
}

/**
 * Builds a loss by name. Unknown names, options or hyper-parameters throw a ConfigError that
 * lists the valid ones.
 */
export function createLoss(name: string, opts: CreateLossOptions): MetricLoss {
  if (!isLossName(name)) throw new ConfigError([`unknown loss "${name}"; valid: ${LOSS_NAMES.join(', ')}`], 'loss');
  const problems: string[] = [];
  const numClasses = positiveInteger(opts.numClasses, 'numClasses', problems);
  const embeddingSize = positiveInteger(opts.embeddingSize, 'embeddingSize', problems);
  const seed = opts.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) problems.push(`seed must be a number, got ${JSON.stringify(seed)}`);
  if (opts.blockEntries !== undefined) positiveInteger(opts.blockEntries, 'blockEntries', problems);
  if (opts.maxAnchors !== undefined) positiveInteger(opts.maxAnchors, 'maxAnchors', problems);
  const hyper: Record<string, unknown> = {};
  const known = LOSS_HYPERPARAMS[name].map((p) => p.name);
  for (const [key, value] of Object.entries(opts)) {
    if ((COMMON_OPTIONS as readonly string[]).includes(key) || value === undefined) continue;
    if (!known.includes(key)) {
      problems.push(`loss "${name}" has no option "${key}"; valid: ${[...COMMON_OPTIONS, ...known].join(', ')}`);
      continue;
    }
    hyper[key] = value;
  }
  if (problems.length) throw new ConfigError(problems, `${name} loss options`);
  const params = resolveLossParams(name, 'pml', hyper);
  const ctx: LossContext = { numClasses, embeddingSize, seed, blockEntries: opts.blockEntries, maxAnchors: opts.maxAnchors };
  const loss = LOSS_REGISTRY[name].create(ctx, params);
  return { ...loss, compute: checkedCompute(loss, embeddingSize) };
}
