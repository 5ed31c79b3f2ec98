// One fixture experiment (a data set, a loss, a sample size) with its k-fold runs: simulated
// predictions, metrics computed from them as the evaluation would, loss curves, and the
// experiment's summary. The runs go in with explicit ids, in three bulk inserts.
import type { Db } from '../../lib/db/client';
import { expectedCalibrationError } from '../../lib/eval/calibration';
import { classificationMetrics } from '../../lib/eval/metrics';
import { summarizeRuns } from '../../lib/store/experiments';
import {
  createFixtureExperiment,
  insertFixtureRuns,
  setFixtureExperimentSummary,
  type FixtureMetricRow,
  type FixturePredictionRow,
  type FixtureRunRow,
} from '../../lib/store/fixture/fixture-rows';
import { deriveSeed } from '../../lib/util/random';
import type { ResolvedSeedOptions } from './seed-options';
import { simulateCurves, simulatePredictions, type FixtureExample } from './simulate';

export interface ExperimentSpec {
  sweepId: number;
  model: { id: number; name: string };
  dataset: { id: number; index: number; name: string; labels: string[] };
  examples: FixtureExample[];
  loss: string;
  sampleSize: number;
  /** The first run id to use; runs take consecutive ids from it. */
  firstRunId: number;
  /** Runs seeded before this experiment (their start times come one minute apart). */
  runsBefore: number;
}

export async function seedExperiment(
  db: Db,
  o: ResolvedSeedOptions,
  s: ExperimentSpec,
): Promise<{ experimentId: number; runs: FixtureRunRow[]; predictions: number }> {
  const { dataset, loss, sampleSize } = s;
  const beta = loss === 'ce' ? 1 : 0.4;
  const config = {
    dataset: dataset.name,
    model: s.model.name,
    loss,
    beta,
    sampleSize,
    protocol: 'kfold',
    folds: o.folds,
    epochs: o.curveSteps,
    learningRate: 1e-5,
    maxLength: 64,
  };
  const experimentId = await createFixtureExperiment(db, {
    sweepId: s.sweepId,
    name: `${dataset.name} ${loss} n=${sampleSize}`,
    configJson: JSON.stringify(config),
    configHash: `fixture-${dataset.index}-${loss}-${sampleSize}`,
    datasetId: dataset.id,
    modelId: s.model.id,
    loss,
    beta,
    sampleSize,
    protocol: 'kfold',
    status: 'done',
  });
  const runMetrics: Record<string, unknown>[] = [];
  const runs: FixtureRunRow[] = [];
  const predictions: FixturePredictionRow[] = [];
  const curves: FixtureMetricRow[] = [];
  for (let fold = 0; fold < o.folds; fold++) {
    const preds = simulatePredictions(s.examples, dataset.labels.length, {
      loss,
      sampleSize,
      fold,
      datasetIndex: dataset.index,
      seed: o.seed,
    });
    const m = classificationMetrics(
      preds.map((p) => p.label),
      preds.map((p) => p.predicted),
      dataset.labels,
    );
    const ece = expectedCalibrationError(
      preds.map((p) => p.confidence),
      preds.map((p) => p.correct),
    );
    runMetrics.push({ ...m, ece });
    const runId = s.firstRunId + fold;
    const started = new Date(Date.UTC(2026, 0, 1) + (s.runsBefore + fold) * 60_000);
    runs.push({
      id: runId,
      experimentId,
      datasetId: dataset.id,
      modelId: s.model.id,
      status: 'done',
      loss,
      beta,
      sampleSize,
      fold,
      seed: o.seed,
      backend: 'fixture',
      configJson: JSON.stringify({ ...config, fold, seed: o.seed }),
      trainSize: sampleSize,
      evalSize: preds.length,
      metricsJson: JSON.stringify({ ...m, ece }),
      progressJson: JSON.stringify({ step: o.curveSteps, totalSteps: o.curveSteps, epoch: o.curveSteps, phase: 'done' }),
      startedAt: started,
      finishedAt: new Date(started.getTime() + 42_000),
      durationMs: 42_000,
    });
    for (const p of preds) {
      predictions.push({
        runId,
        exampleId: p.exampleId,
        label: p.label,
        predicted: p.predicted,
        confidence: p.confidence,
        correct: p.correct,
        probsJson: JSON.stringify(p.probs.map((v) => Math.round(v * 1e4) / 1e4)),
        embeddingRow: p.embeddingRow,
      });
    }
    for (const c of simulateCurves(loss, o.curveSteps, deriveSeed(o.seed, `curve:${runId}`), beta)) curves.push({ runId, ...c });
  }
  await insertFixtureRuns(db, runs, predictions, curves);
  await setFixtureExperimentSummary(db, experimentId, JSON.stringify(summarizeRuns(runMetrics)));
  return { experimentId, runs, predictions: predictions.length };
}
