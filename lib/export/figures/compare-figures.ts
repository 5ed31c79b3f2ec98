// The paper's results table and figures from the Compare read model.
import type { CompareView } from '../../store/views/compare';
import { sampleSizeLabel, WILCOXON_MIN_PAIRS } from '../../store/views/compare';
import { METRIC_LABELS } from '../../store/views/run-metrics';
import { formatP, formatPct } from '../../store/views/stats';
import { lossColour, seriesDash } from '../../ui/palette';
import type { XYFigure } from '../figure-spec';
import type { TableCell, TableSpec } from '../table-spec';

const signed = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${v >= 0 ? '+' : '−'}${formatPct(Math.abs(v))}`);

/** Rows: data sets; columns: the baseline, then each loss with its difference vs the baseline and p. */
export function compareTable(view: CompareView): TableSpec {
  const metric = METRIC_LABELS[view.metric];
  const columns: TableSpec['columns'] = [{ header: 'Dataset', align: 'l' }];
  for (const c of view.columns) {
    columns.push({ header: c, align: 'r' });
    if (view.baseline && c !== view.baseline) columns.push({ header: `Δ ${c} (p)`, align: 'r' });
  }
  const cellsOf = (cells: CompareView['rows'][number]['cells']): TableCell[] =>
    view.columns.flatMap((c, i) => {
      const cell = cells[i];
      const main: TableCell = cell
        ? {
            text: `${formatPct(cell.mean)} ± ${formatPct(cell.std)}`,
            latex: `$${formatPct(cell.mean)} \\pm ${formatPct(cell.std)}$`,
            bold: cell.best,
          }
        : { text: '–' };
      if (!view.baseline || c === view.baseline) return [main];
      const p = cell?.tooFewPairs ? `n too small: ${cell.pairs} pairs` : formatP(cell?.pValue ?? undefined);
      const diff: TableCell = cell?.diff !== undefined ? { text: `${signed(cell.diff)} (${p})` } : { text: '–' };
      if (cell?.diff !== undefined) diff.latex = `$${signed(cell.diff).replace('−', '-')}$ (${p.replace('<', '$<$')})`;
      return [main, diff];
    });
  const rows: TableSpec['rows'] = view.rows.map((r) => ({ cells: [{ text: r.row }, ...cellsOf(r.cells)] }));
  if (view.rows.length > 1) {
    rows.push({
      ruleBefore: true,
      cells: [
        { text: 'Average' },
        ...view.columns.flatMap((c, i) => {
          const a = view.average[i];
          const main = { text: formatPct(a?.mean) };
          return !view.baseline || c === view.baseline
            ? [main]
            : [main, { text: signed(a?.diff), latex: `$${signed(a?.diff).replace('−', '-')}$` }];
        }),
      ],
    });
  }
  const test = view.test === 'wilcoxon' ? 'Wilcoxon signed-rank' : 'paired t-test';
  const csvRows = view.rows.flatMap((r) =>
    r.cells.flatMap((cell, i) =>
      cell
        ? [
            [
              r.row,
              view.columns[i],
              sampleSizeLabel(view.sampleSize),
              cell.mean,
              cell.std,
              cell.n,
              cell.diff ?? null,
              cell.pValue ?? null,
              cell.best ? 1 : 0,
            ],
          ]
        : [],
    ),
  );
  return {
    title: `${metric} (%) at sample size ${sampleSizeLabel(view.sampleSize)}`,
    caption:
      `${metric} (%) over folds, mean ± population std, at ${sampleSizeLabel(view.sampleSize)} training examples. ` +
      (view.baseline
        ? `Δ: difference to ${view.baseline} in points, p: ${test} over paired folds${view.test === 'wilcoxon' ? ` ("n too small": under ${WILCOXON_MIN_PAIRS} pairs it cannot reach p < 0.05)` : ''}. `
        : '') +
      'Bold: best per row.',
    columns,
    rows,
    csv: {
      header: [
        'dataset',
        'loss',
        'sample_size',
        `${view.metric}_mean`,
        `${view.metric}_std`,
        'n',
        `diff_vs_${view.baseline ?? 'baseline'}`,
        'p_value',
        'best',
      ],
      rows: csvRows,
    },
  };
}

/** Whether "metric vs sample size" says anything: it needs two or more sample sizes (else the table has it all). */
export function hasSampleSizeCurve(view: CompareView): boolean {
  return view.sampleSizes.length > 1;
}

/** Metric vs sample size for one data set: a line per loss with a ± std band. */
export function sampleSizeFigure(view: CompareView, row: string): XYFigure {
  const curves = view.curves.find((c) => c.row === row);
  const usesFull = view.sampleSizes.some((s) => s < 0);
  return {
    kind: 'line',
    title: `${METRIC_LABELS[view.metric]} vs sample size (${row})`,
    xLabel: 'Training examples (log scale)',
    yLabel: `${METRIC_LABELS[view.metric]} (%)`,
    xScale: 'log2',
    yFormat: 'pct',
    series: (curves?.series ?? []).map((s) => ({
      name: s.column,
      colour: lossColour(s.column, view.columns.indexOf(s.column)),
      dash: seriesDash(view.columns.indexOf(s.column)),
      showRange: true,
      points: s.points
        .filter((p) => p.x > 0)
        .map((p) => ({ x: p.x, y: p.mean, lo: p.mean - p.std, hi: p.mean + p.std, label: `n=${p.n}` })),
    })),
    caption: `Mean over folds, band: ± population std.${usesFull ? ' Full-data runs are left out of this axis.' : ''}`,
  };
}

/** Per-data-set bars at the selected sample size, one bar per loss with ± std error bars. */
export function datasetBarsFigure(view: CompareView): XYFigure {
  return {
    kind: 'bar',
    title: `${METRIC_LABELS[view.metric]} per dataset (n=${sampleSizeLabel(view.sampleSize)})`,
    xLabel: 'Dataset',
    yLabel: `${METRIC_LABELS[view.metric]} (%)`,
    xScale: 'category',
    yFormat: 'pct',
    series: view.columns.map((c, i) => ({
      name: c,
      colour: lossColour(c, i),
      showRange: true,
      points: view.rows.flatMap((r) => {
        const cell = r.cells[i];
        return cell ? [{ x: r.row, y: cell.mean, lo: cell.mean - cell.std, hi: cell.mean + cell.std, label: `n=${cell.n}` }] : [];
      }),
    })),
    caption: 'Error bars: ± population std over folds.',
  };
}
