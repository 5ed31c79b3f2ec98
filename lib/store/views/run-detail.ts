// Read model of the Run detail page: resolved config, loss-term curves, metrics, confusion matrix,
// reliability diagram and confidence histogram, computed from the run's stored predictions.
import type { Db } from '../../db/client';
import { expectedCalibrationError, reliabilityBins, type ReliabilityBin } from '../../eval/calibration';
import { downsample, parseJson } from './json';
import { readProgress, readRunMetrics, type RunMetrics, type RunProgress } from './run-metrics';

/** Curves are thinned to this many points per key (the page and the export show the same points). */
export const MAX_CURVE_POINTS = 400;
export const CONFIDENCE_HISTOGRAM_BINS = 10;

export interface RunSummary {
  id: number;
  status: string;
  loss: string;
  beta: number;
  sampleSize: number | null;
  fold: number;
  seed: number;
  backend: string | null;
  error: string | null;
  trainSize: number | null;
  evalSize: number | null;
  dataset: { id: number; name: string; labelNames: string[] };
  model: { id: number; name: string } | null;
  experiment: { id: number; name: string; sweepId: number | null } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface CurveSeries {
  key: string;
  points: { step: number; value: number }[];
}
export interface ConfidenceBin {
  lo: number;
  hi: number;
  correct: number;
  wrong: number;
}

export interface RunDetailView {
  run: RunSummary;
  config: Record<string, unknown>;
  progress?: RunProgress;
  metrics?: RunMetrics;
  curves: CurveSeries[];
  predictions: number;
  /** Stored attributions of this run (any method). */
  attributions: number;
  confusion: { labels: string[]; matrix: number[][] };
  reliability: { bins: ReliabilityBin[]; ece: number };
  confidenceHistogram: ConfidenceBin[];
  /** Runs evaluated on the same sentences (same data set, sample size, fold and seed): overlay candidates. */
  comparable: { id: number; loss: string; beta: number; status: string; accuracy?: number }[];
}

export async function getRunSummary(db: Db, runId: number): Promise<RunSummary | undefined> {
  const r = await db.run.findUnique({
    where: { id: runId },
    include: {
      dataset: { select: { id: true, name: true, labelNamesJson: true } },
      model: { select: { id: true, name: true } },
      experiment: { select: { id: true, name: true, sweepId: true } },
    },
  });
  if (!r) return undefined;
  return {
    id: r.id,
    status: r.status,
    loss: r.loss,
    beta: r.beta,
    sampleSize: r.sampleSize,
    fold: r.fold,
    seed: r.seed,
    backend: r.backend,
    error: r.error,
    trainSize: r.trainSize,
    evalSize: r.evalSize,
    dataset: { id: r.dataset.id, name: r.dataset.name, labelNames: parseJson<string[]>(r.dataset.labelNamesJson, []) },
    model: r.model,
    experiment: r.experiment,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.durationMs,
  };
}

export async function getRunDetail(db: Db, runId: number): Promise<RunDetailView | undefined> {
  const run = await getRunSummary(db, runId);
  if (!run) return undefined;
  const [row, metricRows, predictions, comparable, attributions] = await Promise.all([
    db.run.findUniqueOrThrow({ where: { id: runId }, select: { configJson: true, metricsJson: true, progressJson: true } }),
    db.metric.findMany({ where: { runId }, select: { key: true, step: true, value: true }, orderBy: [{ key: 'asc' }, { step: 'asc' }] }),
    db.prediction.findMany({ where: { runId }, select: { label: true, predicted: true, confidence: true, correct: true } }),
    db.run.findMany({
      where: { datasetId: run.dataset.id, sampleSize: run.sampleSize, fold: run.fold, seed: run.seed, id: { not: runId } },
      select: { id: true, loss: true, beta: true, status: true, metricsJson: true },
      orderBy: { id: 'asc' },
      take: 20,
    }),
    db.attribution.count({ where: { runId } }),
  ]);
  const labels = labelList(run.dataset.labelNames, predictions);
  const confidences = predictions.map((p) => p.confidence);
  const correct = predictions.map((p) => p.correct);
  return {
    run,
    config: parseJson<Record<string, unknown>>(row.configJson, {}),
    progress: readProgress(row.progressJson),
    metrics: readRunMetrics(row.metricsJson, run.dataset.labelNames),
    curves: groupCurves(metricRows),
    predictions: predictions.length,
    attributions,
    confusion: { labels, matrix: confusionMatrix(predictions, labels.length) },
    reliability: { bins: reliabilityBins(confidences, correct), ece: expectedCalibrationError(confidences, correct) },
    confidenceHistogram: confidenceHistogram(predictions),
    comparable: comparable.map((c) => ({
      id: c.id,
      loss: c.loss,
      beta: c.beta,
      status: c.status,
      accuracy: readRunMetrics(c.metricsJson)?.accuracy,
    })),
  };
}

function labelList(names: string[], predictions: { label: number; predicted: number }[]): string[] {
  let n = names.length;
  for (const p of predictions) n = Math.max(n, p.label + 1, p.predicted + 1);
  return Array.from({ length: n }, (_, i) => names[i] ?? String(i));
}

/** Rows: gold label; columns: predicted label. */
export function confusionMatrix(predictions: { label: number; predicted: number }[], n: number): number[][] {
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const p of predictions) if (p.label >= 0 && p.predicted >= 0) m[p.label][p.predicted]++;
  return m;
}

export function confidenceHistogram(
  predictions: { confidence: number; correct: boolean }[],
  nBins = CONFIDENCE_HISTOGRAM_BINS,
): ConfidenceBin[] {
  const bins = Array.from({ length: nBins }, (_, b) => ({ lo: b / nBins, hi: (b + 1) / nBins, correct: 0, wrong: 0 }));
  for (const p of predictions) {
    const b = Math.min(nBins - 1, Math.max(0, Math.floor(p.confidence * nBins)));
    if (p.correct) bins[b].correct++;
    else bins[b].wrong++;
  }
  return bins;
}

export function groupCurves(rows: { key: string; step: number; value: number }[]): CurveSeries[] {
  const byKey = new Map<string, { step: number; value: number }[]>();
  for (const r of rows) {
    if (!Number.isFinite(r.value)) continue;
    let list = byKey.get(r.key);
    if (!list) byKey.set(r.key, (list = []));
    list.push({ step: r.step, value: r.value });
  }
  return [...byKey.entries()].map(([key, points]) => ({ key, points: downsample(points, MAX_CURVE_POINTS) }));
}
