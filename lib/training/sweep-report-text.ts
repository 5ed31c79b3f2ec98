// `dml-lens sweep status` as text.
import type { SweepReport } from '../store/sweeps';
import { meanStdPct, pct, table } from './format';

const p = (x: number | null) => (x === null ? '-' : x < 1e-4 ? x.toExponential(1) : x.toFixed(4));

export function printSweepReport(r: SweepReport, metric: string): void {
  console.log(`sweep ${r.sweep.id} "${r.sweep.name}": ${r.sweep.status}`);
  const key = metric as keyof NonNullable<SweepReport['experiments'][number]['summary']>['metrics'];
  console.log(
    table(
      ['exp', 'dataset', 'loss', 'beta', 'n', 'status', 'runs done/total', `${metric} % (mean ± std)`],
      r.experiments.map((e) => [
        e.id,
        e.dataset,
        e.loss,
        e.loss === 'ce' ? '-' : e.beta,
        e.sampleSize ?? '-',
        e.status,
        `${e.runs.done ?? 0}/${e.runs.total}`,
        meanStdPct(e.summary?.metrics[key]),
      ]),
    ),
  );
  if (r.comparisons.length) {
    console.log(`\n${metric} against CE on the same folds/seeds (difference in points; paired t-test, Wilcoxon signed-rank):`);
    console.log(
      table(
        ['exp', 'vs CE exp', 'pairs', 'mean diff', 't-test p', 'Wilcoxon p'],
        r.comparisons.map((c) => [
          c.experimentId,
          c.baselineId,
          c.n,
          c.n ? `${c.meanDiff >= 0 ? '+' : ''}${pct(c.meanDiff)}` : '-',
          p(c.tTestP),
          p(c.wilcoxonP),
        ]),
      ),
    );
  }
}
