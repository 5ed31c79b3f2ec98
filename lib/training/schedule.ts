// Learning-rate schedules as a factor of the base learning rate, per optimisation step s (0-based,
// the factor applied to the update of step s), as in Hugging Face transformers' optimization.py:
//   warm-up:  f(s) = s / W                                   for s < W
//   cosine:   f(s) = max(0, 0.5 * (1 + cos(pi * (s - W) / (T - W))))   (get_cosine_schedule_with_warmup)
//   linear:   f(s) = max(0, (T - s) / (T - W))                          (get_linear_schedule_with_warmup)
//   constant: f(s) = 1
// T = schedule length (the authors: W = 10, T = 120, docs/paper.md §1.6). As in HF, s > T keeps the
// cosine formula (the factor rises again) and the linear one stays at 0.

export type ScheduleKind = 'cosine' | 'linear' | 'constant';

export interface ScheduleOptions {
  kind: ScheduleKind;
  warmupSteps: number;
  totalSteps: number;
}

/** The multiplier of the base learning rate at step `step`. */
export function lrFactor(step: number, { kind, warmupSteps, totalSteps }: ScheduleOptions): number {
  if (step < warmupSteps) return step / Math.max(1, warmupSteps);
  if (kind === 'constant') return 1;
  const span = Math.max(1, totalSteps - warmupSteps);
  const progress = (step - warmupSteps) / span;
  if (kind === 'linear') return Math.max(0, 1 - progress);
  return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/** The schedule as a function of the step, scaled to a base learning rate. */
export function learningRateAt(baseLr: number, opts: ScheduleOptions): (step: number) => number {
  return (step) => baseLr * lrFactor(step, opts);
}

/** Optimiser steps of one run: `steps` when given, else epochs x batches per epoch. */
export function totalStepsOf(trainSize: number, o: { epochs: number; steps?: number; batchSize: number }): number {
  return o.steps ?? o.epochs * Math.ceil(trainSize / o.batchSize);
}
