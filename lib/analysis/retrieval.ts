// Retrieval quality of an embedding space, leave-one-out (each point queries all others), as in
// Musgrave, Belongie & Lim 2020, "A Metric Learning Reality Check" §3.2 (pytorch-metric-learning
// AccuracyCalculator with k = "max_bin_count"):
//   precision@1  = 1 if the nearest other point shares the query's label
//   R            = number of other points with the query's label
//   R-precision  = |same-label points among the R nearest| / R
//   MAP@R        = 1/R Σ_{i=1..R} P(i)·rel(i),  P(i) = precision among the i nearest
// Queries whose class has no other member (R = 0) are skipped. Ties between a same-label and an
// other-label point at equal distance are resolved in favour of the same-label point.

export interface RetrievalScores {
  precisionAt1: number;
  rPrecision: number;
  mapAtR: number;
  /** Queries counted (R > 0). */
  queries: number;
}

/** Scores of one query from its distances to every point (self included; skipped by index). */
export function retrievalForRow(i: number, dist: ArrayLike<number>, labels: ArrayLike<number>): RetrievalScores | undefined {
  const same: number[] = [];
  const other: number[] = [];
  for (let j = 0; j < dist.length; j++) {
    if (j === i) continue;
    (labels[j] === labels[i] ? same : other).push(dist[j]);
  }
  const r = same.length;
  if (r === 0) return undefined;
  const s = Float64Array.from(same).sort();
  const o = Float64Array.from(other).sort();
  let hits = 0;
  let ap = 0;
  let before = 0; // other-label points strictly closer than s[m]
  for (let m = 0; m < r; m++) {
    while (before < o.length && o[before] < s[m]) before++;
    const rank = m + before; // 0-based position among all neighbours
    if (rank >= r) break;
    hits++;
    ap += (m + 1) / (rank + 1);
  }
  return { precisionAt1: o.length === 0 || s[0] <= o[0] ? 1 : 0, rPrecision: hits / r, mapAtR: ap / r, queries: 1 };
}

/** Accumulates per-query scores into means. */
export class RetrievalAccumulator {
  private sum = { precisionAt1: 0, rPrecision: 0, mapAtR: 0 };
  private n = 0;
  add(s: RetrievalScores | undefined): void {
    if (!s) return;
    this.sum.precisionAt1 += s.precisionAt1;
    this.sum.rPrecision += s.rPrecision;
    this.sum.mapAtR += s.mapAtR;
    this.n++;
  }
  result(): RetrievalScores {
    const n = this.n || NaN;
    return { precisionAt1: this.sum.precisionAt1 / n, rPrecision: this.sum.rPrecision / n, mapAtR: this.sum.mapAtR / n, queries: this.n };
  }
}
