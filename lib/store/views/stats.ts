// Small descriptive statistics for views: mean and population std over folds (the paper's
// numpy/sklearn convention, computed by lib/analysis/stats), and the number formats of the pages.
import { finiteMeanStd, type MeanStd as Summary } from '../../eval/stats';

/** What the pages show of a summary: mean, population std (ddof = 0, as the paper's scripts print) and n. */
export type MeanStd = Pick<Summary, 'mean' | 'std' | 'n'>;

/** Mean and population std of the finite values; undefined when there are none. */
export function meanStd(values: number[]): MeanStd | undefined {
  const s = finiteMeanStd(values);
  return s && { mean: s.mean, std: s.std, n: s.n };
}

export function formatPct(v: number | undefined, digits = 1): string {
  return v === undefined || !Number.isFinite(v) ? '–' : (v * 100).toFixed(digits);
}

/** "84.3 ± 1.2" in percent. */
export function formatMeanStd(s: MeanStd | undefined, digits = 1): string {
  return s ? `${formatPct(s.mean, digits)} ± ${formatPct(s.std, digits)}` : '–';
}

export function formatP(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return '–';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}
