// An experiment's outcome as the CLI reports it: each run's status and metrics, and mean +-
// population std over the finished runs.
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { findExperimentWithRuns } from '../store/experiment-runs';
import type { ExperimentSummary } from '../store/experiments';
import { duration, meanStdPct, pct, table } from './format';

export interface ExperimentResult {
  experimentId: number;
  name: string;
  status: string;
  summary: ExperimentSummary | null;
  runs: {
    id: number;
    fold: number;
    seed: number;
    status: string;
    error: string | null;
    durationMs: number | null;
    trainSize: number | null;
    evalSize: number | null;
    metrics: Record<string, unknown> | null;
  }[];
}

export async function experimentResult(db: Db, experimentId: number): Promise<ExperimentResult> {
  const e = await findExperimentWithRuns(db, experimentId);
  if (!e) throw new UserError(`no experiment ${experimentId}`);
  return {
    experimentId: e.id,
    name: e.name,
    status: e.status,
    summary: e.summaryJson ? (JSON.parse(e.summaryJson) as ExperimentSummary) : null,
    runs: e.runs.map((r) => ({
      id: r.id,
      fold: r.fold,
      seed: r.seed,
      status: r.status,
      error: r.error,
      durationMs: r.durationMs,
      trainSize: r.trainSize,
      evalSize: r.evalSize,
      metrics: r.metricsJson ? (JSON.parse(r.metricsJson) as Record<string, unknown>) : null,
    })),
  };
}

export function printExperimentResult(r: ExperimentResult): void {
  const num = (m: Record<string, unknown> | null, k: string) => (m && typeof m[k] === 'number' ? m[k] : null);
  const hasProxy = r.runs.some((x) => num(x.metrics, 'proxyAccuracy') !== null);
  console.log(`experiment ${r.experimentId} "${r.name}": ${r.status}`);
  console.log(
    table(
      ['run', 'fold', 'seed', 'status', 'acc %', 'macro-F1 %', 'ECE %', ...(hasProxy ? ['proxy acc %'] : []), 'train', 'eval', 'time'],
      r.runs.map((x) => [
        x.id,
        x.fold,
        x.seed,
        x.status,
        pct(num(x.metrics, 'accuracy')),
        pct(num(x.metrics, 'macroF1')),
        pct(num(x.metrics, 'ece')),
        ...(hasProxy ? [pct(num(x.metrics, 'proxyAccuracy'))] : []),
        x.trainSize ?? '-',
        x.evalSize ?? '-',
        duration(x.durationMs),
      ]),
    ),
  );
  for (const x of r.runs) if (x.error) console.log(`  run ${x.id}: ${x.error}`);
  const m = r.summary?.metrics;
  if (m && r.summary!.done > 0) {
    const parts = [
      `accuracy ${meanStdPct(m.accuracy)}`,
      `macro-F1 ${meanStdPct(m.macroF1)}`,
      `weighted-F1 ${meanStdPct(m.weightedF1)}`,
      `ECE ${meanStdPct(m.ece)}`,
    ];
    if (m.proxyAccuracy) parts.push(`proxy accuracy ${meanStdPct(m.proxyAccuracy)}`);
    console.log(`mean ± std (population) over ${r.summary!.done} run(s): ${parts.join(', ')}`);
  }
}
