// Repository of the Experiment aggregate: creation with its runs, status from its runs, and the
// summary (mean +- population std of each metric over the runs that finished).
import crypto from 'node:crypto';
import type { Db } from '../db/client';
import { meanStd, type MeanStd } from '../analysis/stats';

export const SUMMARY_METRICS = ['accuracy', 'macroF1', 'weightedF1', 'ece', 'proxyAccuracy'] as const;

export interface ExperimentSummary {
  runs: number; // runs in the experiment
  done: number; // runs summarised
  metrics: Partial<Record<(typeof SUMMARY_METRICS)[number], MeanStd>>;
  std: 'population';
}

/** sha256 of a config with sorted keys (fold/seed-free configs of equal content hash equal). */
export function configHash(config: Record<string, unknown>): string {
  const canonical = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(canonical) : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, canonical((x as Record<string, unknown>)[k])])) : x;
  return crypto.createHash('sha256').update(JSON.stringify(canonical(config))).digest('hex');
}

/** Mean +- population std of every summary metric over the given runs' metrics. */
export function summarizeRuns(metrics: (Record<string, unknown> | null)[]): ExperimentSummary {
  const done = metrics.filter((m): m is Record<string, unknown> => m !== null);
  const out: ExperimentSummary = { runs: metrics.length, done: done.length, metrics: {}, std: 'population' };
  for (const key of SUMMARY_METRICS) {
    const xs = done.map((m) => m[key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (xs.length) out.metrics[key] = meanStd(xs);
  }
  return out;
}

/** queued until a run starts; running while any run is unfinished; then done, failed or cancelled. */
function statusFromRuns(statuses: string[]): string {
  if (statuses.every((s) => s === 'queued')) return 'queued';
  if (statuses.some((s) => s === 'queued' || s === 'running' || s === 'interrupted')) return 'running';
  if (statuses.some((s) => s === 'failed')) return 'failed';
  return statuses.some((s) => s === 'done') ? 'done' : 'cancelled';
}

/** Recomputes an experiment's status and summary from its runs (call after any run ends). */
export async function refreshExperiment(db: Db, experimentId: number): Promise<void> {
  const runs = await db.run.findMany({ where: { experimentId }, select: { status: true, metricsJson: true } });
  const summary = summarizeRuns(runs.map((r) => (r.status === 'done' && r.metricsJson ? (JSON.parse(r.metricsJson) as Record<string, unknown>) : null)));
  const exp = await db.experiment.update({ where: { id: experimentId }, data: { status: statusFromRuns(runs.map((r) => r.status)), summaryJson: JSON.stringify(summary) } });
  if (exp.sweepId) {
    const { refreshSweep } = await import('./sweeps'); // sweeps imports the queue, which imports this module
    await refreshSweep(db, exp.sweepId);
  }
}
