// Read model of the Compare page and of the paper bundle: the paper's table (data sets x losses at
// one sample size, mean ± std over folds, difference vs CE with a paired p-value, best per row),
// metric vs sample size per loss, and the per-data-set bars. Runs are paired by (fold, seed).
import type { Db } from '../../db/client';
import { pairByFold } from '../../eval/paired-folds';
import { pairedTTest, wilcoxonSignedRank } from '../../eval/stats';
import { finishedRunMetrics, type RunMetricRow } from './metric-values';
import { LOWER_IS_BETTER, type MetricKey } from './run-metrics';
import { meanStd, type MeanStd } from './stats';

export const BASELINE_LOSS = 'ce';
/** Sample size key used for experiments trained on the full training set. */
export const FULL_DATA = -1;

export interface CompareScope {
  sweepId?: number;
  experimentIds?: number[];
}
export interface CompareOptions {
  metric?: MetricKey;
  sampleSize?: number;
  test?: 't' | 'wilcoxon';
}

export interface CompareCell extends MeanStd {
  column: string;
  diff?: number; // mean difference vs the baseline column over paired folds
  pValue?: number | null;
  pairs?: number;
  /** Set instead of a p-value when the test cannot reach p < 0.05 with this few pairs. */
  tooFewPairs?: boolean;
  best: boolean;
  runIds: number[];
  values: { runId: number; fold: number; seed: number; value: number }[];
}

export interface CompareRow {
  row: string;
  dataset: string;
  model: string | null;
  cells: (CompareCell | undefined)[];
}
export interface CurvePoint {
  x: number;
  mean: number;
  std: number;
  n: number;
}

export interface CompareView {
  scope: { sweep?: { id: number; name: string }; experimentIds: number[] };
  metric: MetricKey;
  test: 't' | 'wilcoxon';
  sampleSizes: number[];
  sampleSize: number | undefined;
  columns: string[]; // loss labels, the baseline first
  baseline: string | undefined;
  rows: CompareRow[]; // at the selected sample size
  average: (MeanStd & { diff?: number })[]; // per column: mean over rows of the cell means
  curves: { row: string; series: { column: string; points: CurvePoint[] }[] }[];
  runsUsed: number;
}

interface RunValue {
  runId: number;
  fold: number;
  seed: number;
  value: number;
}

export async function getCompare(db: Db, scope: CompareScope, opts: CompareOptions = {}): Promise<CompareView> {
  const metric = opts.metric ?? 'accuracy';
  const test = opts.test ?? 't';
  const where = scope.experimentIds?.length
    ? { id: { in: scope.experimentIds } }
    : scope.sweepId !== undefined
      ? { sweepId: scope.sweepId }
      : {};
  const [sweep, experiments] = await Promise.all([
    scope.sweepId !== undefined ? db.sweep.findUnique({ where: { id: scope.sweepId }, select: { id: true, name: true } }) : null,
    db.experiment.findMany({
      where,
      select: {
        id: true,
        loss: true,
        beta: true,
        sampleSize: true,
        dataset: { select: { name: true } },
        model: { select: { name: true } },
      },
    }),
  ]);
  const runsByExperiment = new Map<number, RunMetricRow[]>();
  for (const r of await finishedRunMetrics(
    db,
    experiments.map((e) => e.id),
    [metric],
  )) {
    runsByExperiment.set(r.experimentId, [...(runsByExperiment.get(r.experimentId) ?? []), r]);
  }
  const betasByLoss = new Map<string, Set<number>>();
  for (const e of experiments) betasByLoss.set(e.loss, (betasByLoss.get(e.loss) ?? new Set()).add(e.beta));
  const models = new Set(experiments.map((e) => e.model?.name ?? null));
  const columnOf = (loss: string, beta: number) =>
    (betasByLoss.get(loss)?.size ?? 0) > 1 && loss !== BASELINE_LOSS ? `${loss} (β=${beta})` : loss;
  const rowOf = (dataset: string, model: string | null) => (models.size > 1 ? `${dataset} · ${model ?? '?'}` : dataset);

  // groups[row][sampleSize][column] = run values
  const groups = new Map<string, Map<number, Map<string, RunValue[]>>>();
  const rowInfo = new Map<string, { dataset: string; model: string | null }>();
  let runsUsed = 0;
  for (const e of experiments) {
    const row = rowOf(e.dataset.name, e.model?.name ?? null);
    rowInfo.set(row, { dataset: e.dataset.name, model: e.model?.name ?? null });
    const size = e.sampleSize ?? FULL_DATA;
    const col = columnOf(e.loss, e.beta);
    const bySize = groups.get(row) ?? new Map<number, Map<string, RunValue[]>>();
    groups.set(row, bySize);
    const byCol = bySize.get(size) ?? new Map<string, RunValue[]>();
    bySize.set(size, byCol);
    const list = byCol.get(col) ?? [];
    byCol.set(col, list);
    for (const r of runsByExperiment.get(e.id) ?? []) {
      const value = r.values[metric];
      if (value === undefined) continue;
      list.push({ runId: r.runId, fold: r.fold, seed: r.seed, value });
      runsUsed++;
    }
  }
  const columns = orderColumns([...new Set(experiments.map((e) => columnOf(e.loss, e.beta)))]);
  const baseline = columns.includes(BASELINE_LOSS) ? BASELINE_LOSS : undefined;
  const sampleSizes = [...new Set(experiments.map((e) => e.sampleSize ?? FULL_DATA))].sort((a, b) => a - b);
  const sampleSize =
    opts.sampleSize !== undefined && sampleSizes.includes(opts.sampleSize) ? opts.sampleSize : defaultSampleSize(groups, sampleSizes);
  const rowNames = [...groups.keys()].sort();
  const rows = rowNames.map((row) => {
    const byCol = groups.get(row)?.get(sampleSize ?? NaN) ?? new Map<string, RunValue[]>();
    const cells = columns.map((c) => cellOf(c, byCol.get(c) ?? [], baseline ? byCol.get(baseline) : undefined, test));
    markBest(cells, LOWER_IS_BETTER.has(metric));
    return { row, ...rowInfo.get(row)!, cells };
  });
  const average = columns.map((_, ci) => {
    const s = meanStd(rows.map((r) => r.cells[ci]?.mean ?? NaN)) ?? { mean: NaN, std: NaN, n: 0 };
    const diffs = rows.map((r) => r.cells[ci]?.diff).filter((d): d is number => d !== undefined);
    return { ...s, diff: diffs.length ? diffs.reduce((a, b) => a + b, 0) / diffs.length : undefined };
  });
  const curves = rowNames.map((row) => ({
    row,
    series: columns
      .map((column) => ({
        column,
        points: sampleSizes.flatMap((size) => {
          const s = meanStd((groups.get(row)?.get(size)?.get(column) ?? []).map((v) => v.value));
          return s ? [{ x: size, mean: s.mean, std: s.std, n: s.n }] : [];
        }),
      }))
      .filter((s) => s.points.length > 0),
  }));
  return {
    scope: { sweep: sweep ?? undefined, experimentIds: experiments.map((e) => e.id) },
    metric,
    test,
    sampleSizes,
    sampleSize,
    columns,
    baseline,
    rows,
    average,
    curves,
    runsUsed,
  };
}

/** The two-sided exact Wilcoxon signed-rank p is at least 2 / 2^n: below 0.05 only from n = 6 pairs
 *  (n = 5 gives 0.0625), so with fewer the page says "n too small" instead of a p that cannot mean anything. */
export const WILCOXON_MIN_PAIRS = 6;

function cellOf(column: string, values: RunValue[], base: RunValue[] | undefined, test: 't' | 'wilcoxon'): CompareCell | undefined {
  const s = meanStd(values.map((v) => v.value));
  if (!s) return undefined;
  const cell: CompareCell = { ...s, column, best: false, runIds: values.map((v) => v.runId), values };
  if (base && column !== BASELINE_LOSS) {
    const { a, b } = pairByFold(values, base);
    if (a.length) {
      const result = test === 'wilcoxon' ? wilcoxonSignedRank(a, b) : pairedTTest(a, b);
      cell.diff = result.meanDiff;
      cell.pValue = result.pValue;
      cell.pairs = a.length;
      if (test === 'wilcoxon' && a.length < WILCOXON_MIN_PAIRS) {
        cell.pValue = null;
        cell.tooFewPairs = true;
      }
    }
  }
  return cell;
}

function markBest(cells: (CompareCell | undefined)[], lowerIsBetter: boolean): void {
  const present = cells.filter((c): c is CompareCell => c !== undefined);
  if (present.length < 2) return;
  const target = lowerIsBetter ? Math.min(...present.map((c) => c.mean)) : Math.max(...present.map((c) => c.mean));
  for (const c of present) c.best = Math.abs(c.mean - target) < 1e-9; // ties are all marked
}

/** The baseline (CE) first, then the others by name. */
function orderColumns(columns: string[]): string[] {
  return columns.sort((a, b) => (a === BASELINE_LOSS ? -1 : b === BASELINE_LOSS ? 1 : a.localeCompare(b)));
}

/** The sample size with the most finished runs (ties: the smallest), so the table opens full. */
function defaultSampleSize(groups: Map<string, Map<number, Map<string, RunValue[]>>>, sizes: number[]): number | undefined {
  let best: number | undefined;
  let bestCount = -1;
  for (const size of sizes) {
    let count = 0;
    for (const bySize of groups.values()) for (const list of bySize.get(size)?.values() ?? []) count += list.length;
    if (count > bestCount) [best, bestCount] = [size, count];
  }
  return best;
}

export function sampleSizeLabel(size: number | undefined): string {
  return size === undefined ? '–' : size === FULL_DATA ? 'full' : String(size);
}
