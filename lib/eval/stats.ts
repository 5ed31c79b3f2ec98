// Summary statistics over runs and paired tests between two configurations on the same folds.
// - std: population std (ddof = 0) like the authors' NumPy reports (docs/paper.md §1.4) and SetFit;
//   the sample std (ddof = 1) is given too.
// - paired t-test: t = mean(d) / (sd(d) / sqrt(n)), sd with ddof = 1, df = n - 1, two-sided
//   (scipy.stats.ttest_rel).
// - Wilcoxon signed-rank (scipy.stats.wilcoxon, zero_method="wilcox", two-sided): zero differences
//   dropped, |d| ranked (average ranks for ties), W+ = sum of ranks of positive d, reported
//   statistic min(W+, W-); p from the exact null distribution, all sign flips, or the normal
//   approximation with tie correction (no continuity correction):
//   z = (W+ - n(n+1)/4) / sqrt(n(n+1)(2n+1)/24 - sum(t^3 - t)/48).
import { normalCdf, studentTTwoSided } from './special-functions';

export interface MeanStd {
  mean: number;
  std: number; // population (ddof = 0)
  sampleStd: number; // ddof = 1 (0 for n = 1)
  n: number;
  min: number;
  max: number;
}

export function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** Mean, population std and sample std of finite values (n = 0 gives NaNs). */
export function meanStd(xs: number[]): MeanStd {
  const n = xs.length;
  const m = mean(xs);
  const ss = xs.reduce((a, x) => a + (x - m) ** 2, 0);
  return {
    mean: m,
    std: n ? Math.sqrt(ss / n) : NaN,
    sampleStd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    n,
    min: Math.min(...xs),
    max: Math.max(...xs),
  };
}

/** meanStd of the finite values only (runs that failed or lack a metric give NaN); undefined when none is. */
export function finiteMeanStd(values: number[]): MeanStd | undefined {
  const xs = values.filter((v) => Number.isFinite(v));
  return xs.length ? meanStd(xs) : undefined;
}

export interface PairedTest {
  n: number;
  meanDiff: number;
  statistic: number | null;
  /** Two-sided p-value; null when undefined (fewer than 2 pairs, or all differences equal to 0). */
  pValue: number | null;
}

function differences(a: number[], b: number[]): number[] {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length (${a.length} vs ${b.length})`);
  return a.map((x, i) => x - b[i]);
}

/** Paired two-sided t-test of a against b. */
export function pairedTTest(a: number[], b: number[]): PairedTest {
  const d = differences(a, b);
  const n = d.length;
  const { mean: md, sampleStd } = meanStd(d);
  if (n < 2) return { n, meanDiff: n ? md : NaN, statistic: null, pValue: null };
  if (sampleStd === 0)
    return md === 0
      ? { n, meanDiff: 0, statistic: null, pValue: null }
      : { n, meanDiff: md, statistic: md > 0 ? Infinity : -Infinity, pValue: 0 };
  const t = md / (sampleStd / Math.sqrt(n));
  return { n, meanDiff: md, statistic: t, pValue: studentTTwoSided(t, n - 1) };
}

/** Average ranks (1-based) of values, ties sharing their mean rank; also the tie group sizes. */
export function averageRanks(values: number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = (i + j) / 2 + 1;
    if (j > i) tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}

/** Counts of subsets of {1..n} by rank sum: the exact null distribution of W+ without ties. */
function signedRankCounts(n: number): number[] {
  const max = (n * (n + 1)) / 2;
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) for (let s = max; s >= r; s--) counts[s] += counts[s - r];
  return counts;
}

/** Two-sided exact p: 2 * min(P(W+ >= floor(w)), P(W+ <= ceil(w))), as scipy's WilcoxonDistribution. */
function exactSignedRankP(wPlus: number, n: number): number {
  const counts = signedRankCounts(n);
  const max = counts.length - 1;
  const cdf = (k: number) => counts.slice(0, Math.max(0, Math.min(max, k)) + 1).reduce((a, b) => a + b, 0) / 2 ** n;
  const upper = cdf(max - Math.floor(wPlus)); // P(W+ >= k) = P(W+ <= max - k) by symmetry
  return Math.min(1, 2 * Math.min(upper, cdf(Math.ceil(wPlus))));
}

/** Two-sided p over all 2^n sign flips of the ranked differences (scipy's permutation test). */
function signFlipP(ranks: number[], wPlus: number): number {
  const n = ranks.length;
  const tol = 1e-12 * Math.max(1, Math.abs(wPlus));
  let le = 0;
  let ge = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    let w = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) w += ranks[i];
    if (w <= wPlus + tol) le++;
    if (w >= wPlus - tol) ge++;
  }
  return Math.min(1, (2 * Math.min(le, ge)) / 2 ** n);
}

export type WilcoxonMethod = 'exact' | 'permutation' | 'normal';

/**
 * Wilcoxon signed-rank test of a against b (two-sided), choosing the method as scipy >= 1.15 does
 * with method="auto": exact when n <= 50 with no ties and no zeros; all sign flips when there are
 * ties or zeros and n <= 13; the normal approximation otherwise.
 */
export function wilcoxonSignedRank(a: number[], b: number[]): PairedTest & { method: WilcoxonMethod | null } {
  const all = differences(a, b);
  const meanDiff = all.length ? mean(all) : NaN;
  const d = all.filter((x) => x !== 0);
  const n = d.length;
  if (n === 0) return { n: all.length, meanDiff, statistic: null, pValue: null, method: null };
  const { ranks, tieSizes } = averageRanks(d.map(Math.abs));
  const wPlus = ranks.reduce((s, r, i) => s + (d[i] > 0 ? r : 0), 0);
  const statistic = Math.min(wPlus, (n * (n + 1)) / 2 - wPlus);
  const base = { n: all.length, meanDiff, statistic };
  const hasTiesOrZeros = tieSizes.length > 0 || n < all.length;
  if (all.length <= 50 && !hasTiesOrZeros) return { ...base, pValue: exactSignedRankP(wPlus, n), method: 'exact' };
  if (all.length <= 13) return { ...base, pValue: signFlipP(ranks, wPlus), method: 'permutation' };
  const tieTerm = tieSizes.reduce((s, t) => s + t ** 3 - t, 0) / 48;
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm);
  const z = (wPlus - (n * (n + 1)) / 4) / sd;
  return { ...base, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z))), method: 'normal' };
}
