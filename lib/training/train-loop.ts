// The optimisation loop of one run: shuffled mini-batches each epoch (HF RandomSampler), the
// combined loss, global-norm clipping, AdamW with a warm-up + decay schedule and an optional
// larger learning rate for loss proxies/centres. Deterministic for a seed on one backend:
// shuffling, dropout and loss initialisation all draw from seeded streams.
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, Rng } from '../util/random';
import { disposeBatch, toEncodedBatch } from '../model/batch';
import type { EncoderForwardOptions } from '../model/encoder';
import type { SequenceClassifier, TokenBatch } from '../model/types';
import { AdamW } from './adamw';
import { clipCoefficient, globalNorm } from './grad-clip';
import { learningRateAt, totalStepsOf, type ScheduleKind } from './schedule';
import { sliceTokenBatch, type TrainingLoss } from './train-types';

export interface TrainLoopOptions {
  epochs: number;
  steps?: number;
  batchSize: number;
  lr: number;
  proxyLr?: number;
  weightDecay: number;
  excludeBiasLayerNorm: boolean;
  optimizer: 'torch' | 'transformers';
  adamEps: number;
  beta1: number;
  beta2: number;
  schedule: ScheduleKind;
  warmupSteps: number;
  scheduleSteps?: number;
  maxGradNorm: number;
  /** Gradient accumulation: rows per forward/backward (default: the whole batch). */
  microBatch?: number;
  /** Activation recomputation per layer (lib/model/gradient-scopes.ts). */
  recompute?: boolean;
}

/** Progress inside one step, before each micro-batch's forward/backward and before the update. */
export interface StepPhase {
  step: number; // 1-based, the step in progress
  totalSteps: number;
  part: number; // 1-based micro-batch; parts + 1 during the update
  parts: number;
  phase: 'forward-backward' | 'update';
}

export interface StepInfo {
  step: number; // 1-based, steps done
  totalSteps: number;
  epoch: number; // fractional epochs done
  loss: number;
  ce: number;
  dml: number | null;
  lr: number;
  gradNorm: number;
}

/** Raised when the loss or the gradients stop being finite. */
export class DivergenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DivergenceError';
  }
}

export interface TrainLoopInput {
  model: SequenceClassifier;
  loss: TrainingLoss;
  /** The whole training set tokenized once, padded to its longest row (as the authors' tokenizer call). */
  batch: TokenBatch;
  labels: number[];
  seed: number;
  options: TrainLoopOptions;
  /** Called after every step (logging, progress, heartbeats); may throw to stop. */
  onStep?: (info: StepInfo) => void | Promise<void>;
  /** Called synchronously inside a step (long steps of large models); the job layer forwards it. */
  onPhase?: (p: StepPhase) => void;
}

const NO_DECAY = /(\.bias$|LayerNorm\.|layer_norm|LayerNorm$)/;

export { totalStepsOf };

/** Runs the loop; returns the number of steps taken. The optimizer state is disposed at the end. */
export async function trainLoop({ model, loss, batch, labels, seed, options: o, onStep, onPhase }: TrainLoopInput): Promise<number> {
  const n = labels.length;
  const stepsPerEpoch = Math.ceil(n / o.batchSize);
  const totalSteps = totalStepsOf(n, o);
  const proxyVars = loss.trainableWeights();
  const proxyNames = new Set(proxyVars.map((v) => v.name));
  const vars = [...model.trainableVariables(), ...proxyVars];
  const optimizer = new AdamW(vars, {
    beta1: o.beta1,
    beta2: o.beta2,
    eps: o.adamEps,
    weightDecay: o.weightDecay,
    style: o.optimizer,
    excludeFromWeightDecay: o.excludeBiasLayerNorm ? (v) => NO_DECAY.test(v.name) : undefined,
  });
  const lrAt = learningRateAt(1, { kind: o.schedule, warmupSteps: o.warmupSteps, totalSteps: o.scheduleSteps ?? totalSteps });
  const shuffler = new Rng(deriveSeed(seed, 'shuffle'));
  let order: number[] = [];
  try {
    for (let step = 0; step < totalSteps; step++) {
      const inEpoch = step % stepsPerEpoch;
      if (inEpoch === 0) order = shuffler.shuffle(Array.from({ length: n }, (_, i) => i));
      const rows = order.slice(inEpoch * o.batchSize, (inEpoch + 1) * o.batchSize);
      const factor = lrAt(step);
      const plan: StepPlan = {
        step: step + 1,
        totalSteps,
        microBatch: o.microBatch,
        recompute: o.recompute,
        dropoutSeed: deriveSeed(seed, `dropout-step-${step}`),
        onPhase,
      };
      const {
        loss: total,
        ce,
        dml,
        gradNorm,
      } = trainStep(
        model,
        loss,
        sliceTokenBatch(batch, rows),
        rows.map((i) => labels[i]),
        vars,
        optimizer,
        o.maxGradNorm,
        (v) => factor * (proxyNames.has(v.name) ? (o.proxyLr ?? o.lr) : o.lr),
        plan,
      );
      if (!Number.isFinite(total) || !Number.isFinite(gradNorm)) {
        const what = Number.isFinite(total) ? `gradient norm ${gradNorm} (loss ${total})` : `loss ${total}`;
        throw new DivergenceError(`training diverged at step ${step + 1}: ${what} (try a smaller learning rate)`);
      }
      await onStep?.({ step: step + 1, totalSteps, epoch: (step + 1) / stepsPerEpoch, loss: total, ce, dml, lr: factor * o.lr, gradNorm });
    }
  } finally {
    optimizer.dispose();
  }
  return totalSteps;
}

interface StepPlan {
  step: number;
  totalSteps: number;
  microBatch?: number;
  recompute?: boolean;
  /** Dropout seed of the whole batch when it is split (each part draws its rows' masks). */
  dropoutSeed: number;
  onPhase?: (p: StepPhase) => void;
}

/** Row ranges [start, end) of the micro-batches of a batch of n rows. */
export function microBatches(n: number, size?: number): [number, number][] {
  const m = size && size < n ? size : n;
  const out: [number, number][] = [];
  for (let s = 0; s < n; s += m) out.push([s, Math.min(n, s + m)]);
  return out;
}

/**
 * Gradients and loss terms of one batch, accumulated over its micro-batches: each part's loss is
 * weighted by its share of the rows, so CE (a mean over rows) gets exactly the full batch's
 * gradient; a DML loss sees the pairs inside each part only (as any gradient accumulation).
 */
function batchGradients(
  model: SequenceClassifier,
  loss: TrainingLoss,
  tokens: TokenBatch,
  labels: number[],
  vars: tf.Variable[],
  plan: StepPlan,
) {
  const parts = microBatches(labels.length, plan.microBatch);
  const split = parts.length > 1;
  let grads: tf.NamedTensorMap = {};
  const sums = { total: 0, ce: 0, dml: null as number | null };
  parts.forEach(([start, end], i) => {
    plan.onPhase?.({ step: plan.step, totalSteps: plan.totalSteps, part: i + 1, parts: parts.length, phase: 'forward-backward' });
    const rows = Array.from({ length: end - start }, (_, j) => start + j);
    const enc = toEncodedBatch(split ? sliceTokenBatch(tokens, rows) : tokens);
    const y = tf.tensor1d(split ? rows.map((r) => labels[r]) : labels, 'int32');
    const weight = (end - start) / labels.length;
    let terms: tf.Tensor[] = [];
    try {
      const opts: EncoderForwardOptions = {
        training: true,
        ...(plan.recompute ? { recompute: true } : {}),
        ...(split ? { dropoutSeed: plan.dropoutSeed, rowOffset: start } : {}),
      };
      const { value, grads: g } = tf.variableGrads(() => {
        const out = model.forward(enc, opts);
        const r = loss.compute({ logits: out.logits, hidden: out.lastHiddenState, attentionMask: enc.attentionMask, labels: y });
        terms = [tf.keep(r.ce.clone()), ...(r.dml ? [tf.keep(r.dml.clone())] : [])];
        return split ? tf.mul(r.total, weight) : r.total;
      }, vars);
      sums.total += value.dataSync()[0];
      value.dispose();
      const [ce, dml] = terms.map((t) => t.dataSync()[0]);
      sums.ce += ce * weight;
      if (dml !== undefined) sums.dml = (sums.dml ?? 0) + dml * weight;
      grads = accumulate(grads, g);
    } finally {
      tf.dispose(terms);
      y.dispose();
      disposeBatch(enc);
    }
  });
  return { grads, ...sums, parts: parts.length };
}

/** acc + g per variable (both consumed; the sums are returned). */
function accumulate(acc: tf.NamedTensorMap, g: tf.NamedTensorMap): tf.NamedTensorMap {
  if (!Object.keys(acc).length) return g;
  for (const [name, t] of Object.entries(g)) {
    const prev = acc[name];
    acc[name] = prev ? tf.add(prev, t) : t;
    if (prev) {
      prev.dispose();
      t.dispose();
    }
  }
  return acc;
}

/** One optimisation step; returns the loss terms and the gradient norm before clipping. */
function trainStep(
  model: SequenceClassifier,
  loss: TrainingLoss,
  tokens: TokenBatch,
  labels: number[],
  vars: tf.Variable[],
  optimizer: AdamW,
  maxGradNorm: number,
  lr: (v: tf.Variable) => number,
  plan: StepPlan,
) {
  const { grads, total, ce, dml, parts } = batchGradients(model, loss, tokens, labels, vars, plan);
  try {
    const gradNorm = Number.isFinite(total) ? globalNorm(grads) : NaN;
    plan.onPhase?.({ step: plan.step, totalSteps: plan.totalSteps, part: parts + 1, parts, phase: 'update' });
    // clipping's coefficient scales each gradient inside the update (no clipped copy of them all)
    if (Number.isFinite(total) && Number.isFinite(gradNorm)) optimizer.applyGradients(grads, lr, clipCoefficient(gradNorm, maxGradNorm));
    return { loss: total, ce, dml, gradNorm };
  } finally {
    tf.dispose(grads);
  }
}
