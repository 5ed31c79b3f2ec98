// Repository of the Sweep aggregate (queueing one: lib/jobs/queue-sweep.ts): its status from its
// experiments (lib/store/experiments.ts), and its report: every configuration as mean +- std, and each DML
// configuration against the CE configuration run on the same folds/seeds (paired tests).
import type { Db } from '../db/client';
import { pairByFold, type FoldValue } from '../eval/paired-folds';
import { pairedTTest, wilcoxonSignedRank } from '../eval/stats';
import type { ExperimentSummary } from './experiments';

export { refreshSweep } from './experiments';

export interface Comparison {
  experimentId: number;
  baselineId: number;
  metric: string;
  n: number;
  meanDiff: number;
  tTestP: number | null;
  wilcoxonP: number | null;
}

export interface SweepReport {
  sweep: { id: number; name: string; status: string; createdAt: string };
  experiments: {
    id: number;
    name: string;
    dataset: string;
    loss: string;
    beta: number;
    sampleSize: number | null;
    status: string;
    runs: Record<string, number>;
    summary: ExperimentSummary | null;
  }[];
  comparisons: Comparison[];
}

/** Keys that define the CE baseline of a DML configuration: everything but the DML settings. */
const DML_ONLY_KEYS = ['name', 'loss', 'beta', 'lossPreset', 'lossParams', 'tokens', 'proxyLr', 'proxyInference'];

export function baselineKey(config: Record<string, unknown>): string {
  const rest = Object.fromEntries(
    Object.entries(config)
      .filter(([k]) => !DML_ONLY_KEYS.includes(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return JSON.stringify(rest);
}

type RunRow = { experimentId: number | null; fold: number; seed: number; status: string; metricsJson: string | null };

/** Paired comparison of `metric` between two experiments over the (fold, seed) pairs both finished. */
export function compareRuns(runs: RunRow[], experimentId: number, baselineId: number, metric = 'accuracy'): Comparison {
  const values = (id: number): FoldValue[] =>
    runs.flatMap((r) => {
      const value =
        r.experimentId === id && r.status === 'done' && r.metricsJson
          ? (JSON.parse(r.metricsJson) as Record<string, number>)[metric]
          : undefined;
      return typeof value === 'number' ? [{ fold: r.fold, seed: r.seed, value }] : [];
    });
  const { a, b } = pairByFold(values(experimentId), values(baselineId));
  const t = pairedTTest(a, b);
  return {
    experimentId,
    baselineId,
    metric,
    n: a.length,
    meanDiff: t.meanDiff,
    tTestP: t.pValue,
    wilcoxonP: wilcoxonSignedRank(a, b).pValue,
  };
}

export async function sweepReport(db: Db, sweepId: number, metric = 'accuracy'): Promise<SweepReport | undefined> {
  const sweep = await db.sweep.findUnique({ where: { id: sweepId } });
  if (!sweep) return undefined;
  const exps = await db.experiment.findMany({
    where: { sweepId },
    orderBy: { id: 'asc' },
    include: { dataset: { select: { name: true } } },
  });
  const runs = await db.run.findMany({
    where: { experimentId: { in: exps.map((e) => e.id) } },
    select: { experimentId: true, fold: true, seed: true, status: true, metricsJson: true },
  });
  const ceByKey = new Map<string, number>();
  for (const e of exps) if (e.loss === 'ce') ceByKey.set(baselineKey(JSON.parse(e.configJson) as Record<string, unknown>), e.id);
  const comparisons: Comparison[] = [];
  for (const e of exps) {
    const base = e.loss === 'ce' ? undefined : ceByKey.get(baselineKey(JSON.parse(e.configJson) as Record<string, unknown>));
    if (base !== undefined) comparisons.push(compareRuns(runs, e.id, base, metric));
  }
  return {
    sweep: { id: sweep.id, name: sweep.name, status: sweep.status, createdAt: sweep.createdAt.toISOString() },
    experiments: exps.map((e) => {
      const mine = runs.filter((r) => r.experimentId === e.id);
      const counts: Record<string, number> = { total: mine.length };
      for (const r of mine) counts[r.status] = (counts[r.status] ?? 0) + 1;
      return {
        id: e.id,
        name: e.name,
        dataset: e.dataset.name,
        loss: e.loss,
        beta: e.beta,
        sampleSize: e.sampleSize,
        status: e.status,
        runs: counts,
        summary: e.summaryJson ? (JSON.parse(e.summaryJson) as ExperimentSummary) : null,
      };
    }),
    comparisons,
  };
}

/** The ids of every job of a sweep (`worker --sweep`), or undefined when there is no such sweep. */
export async function sweepJobIds(db: Db, sweepId: number): Promise<number[] | undefined> {
  const sweep = await db.sweep.findUnique({ where: { id: sweepId }, select: { id: true } });
  if (!sweep) return undefined;
  return (await db.job.findMany({ where: { sweepId }, select: { id: true }, orderBy: { id: 'asc' } })).map((j) => j.id);
}
