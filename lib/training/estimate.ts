// `dml-lens train --estimate` / `sweep --estimate`, and the memory check `train` makes before
// queueing: each experiment's runs, steps and padded length from its real data (fold 0), the
// memory estimate against the backend's limit, and the time from the calibration cache,
// calibrating this shape first when asked and when it fits.
import type { Db } from '../db/client';
import { ConfigError, UserError } from '../errors';
import { describeBackend, initBackend } from '../backend/backend';
import { readConfig } from '../model/checkpoint';
import { readTokenizer } from '../model/tokenizer-loading';
import type { TrainConfig } from './config';
import { formatProblems, validateTrainConfig } from './config';
import { calibrationKey, describeCost, estimateCost, formatHours, readCalibrations, type CostEstimate } from './cost-estimate';
import { memoryRefusal } from './memory-budget';
import { loadRunData } from './run-data';
import { totalStepsOf } from './train-loop';

export interface ExperimentEstimate {
  label: string;
  estimate: CostEstimate;
  lines: string[];
}

async function validated(db: Db, input: unknown): Promise<{ config: TrainConfig; modelPath: string; numClasses: number }> {
  const v = await validateTrainConfig(db, input);
  if (!v.ok) throw new ConfigError(formatProblems(v.problems), 'train config');
  return { config: v.config, modelPath: v.targets.modelPath, numClasses: v.targets.numClasses };
}

/**
 * Refuses (UserError with the numbers and what would fit) a config that cannot fit the backend; an
 * invalid config passes through, for the queue's validation to list its problems.
 */
export async function refuseIfTooBig(db: Db, input: unknown): Promise<void> {
  const v = await validateTrainConfig(db, input);
  if (!v.ok) return;
  const backend = await initBackend({ quiet: true });
  const refusal = memoryRefusal(readConfig(v.targets.modelPath), { ...v.config, numLabels: v.targets.numClasses }, backend, v.config.model);
  if (refusal) throw new UserError(refusal);
}

export async function estimateExperiment(
  db: Db,
  input: unknown,
  opts: { calibrate: boolean; log?: (line: string) => void },
): Promise<ExperimentEstimate> {
  const { config, modelPath, numClasses } = await validated(db, input);
  const backend = await initBackend({ quiet: true });
  const model = readConfig(modelPath);
  const data = await loadRunData(db, config, 0, config.seeds[0]);
  const tokenizer = await readTokenizer(modelPath);
  const seqLen = tokenizer
    ? tokenizer.encodeBatch(data.train.texts, data.train.pairs ?? undefined, config.maxLength).seqLen
    : config.maxLength;
  const shaped: TrainConfig = { ...config, maxLength: seqLen };
  const runs = config.protocol === 'kfold' ? config.folds * config.seeds.length : config.seeds.length;
  const steps = totalStepsOf(data.train.labels.length, config);
  const fits = memoryRefusal(model, { ...shaped, numLabels: numClasses }, backend, config.model) === null;
  const cached = readCalibrations().some((c) => c.key === calibrationKey(backend, model, shaped));
  if (opts.calibrate && fits && !cached) {
    opts.log?.(`calibrating ${config.model} on ${describeBackend()} (3 training steps at ${shaped.batchSize} x ${seqLen})...`);
    const { calibrate } = await import('./calibrate');
    await calibrate(modelPath, shaped, numClasses);
  }
  const estimate = estimateCost(backend, model, shaped, runs, steps, numClasses);
  const label = `${config.name ?? `${config.dataset} ${config.loss}`} on ${config.model}`;
  return { label, estimate, lines: describeCost(estimate, label, describeBackend()) };
}

/** The lines of a sweep's estimate: one block per experiment, then the total. */
export function sweepTotal(parts: ExperimentEstimate[]): string {
  const hours = parts.reduce((h, p) => h + p.estimate.hours, 0);
  const runs = parts.reduce((n, p) => n + p.estimate.runs, 0);
  const fit = parts.every((p) => p.estimate.fitsInMemory);
  return `sweep: ${parts.length} experiment(s), ${runs} run(s), estimated ${formatHours(hours)}; fits in memory: ${fit ? 'yes' : 'no'}`;
}
