// Rank agreement between two attributions of the same words (e.g. the same sentence explained in
// two runs): Kendall's τ-b (Kendall 1945; scipy.stats.kendalltau default), which corrects for ties:
//   τ_b = (P − Q) / sqrt((P + Q + T_x)(P + Q + T_y))
// P concordant pairs, Q discordant, T_x pairs tied only in x, T_y tied only in y. O(n²): attributions
// have at most a few hundred entries. NaN when either side is constant.

export function kendallTau(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`kendallTau: lengths differ (${x.length} vs ${y.length})`);
  let p = 0,
    q = 0,
    tx = 0,
    ty = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = Math.sign(x[i] - x[j]);
      const dy = Math.sign(y[i] - y[j]);
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tx++;
      else if (dy === 0) ty++;
      else if (dx === dy) p++;
      else q++;
    }
  }
  const denom = Math.sqrt((p + q + tx) * (p + q + ty));
  return denom > 0 ? (p - q) / denom : NaN;
}

export interface AgreementSummary {
  /** Mean τ_b over the sentences where it is defined. */
  meanTau: number;
  medianTau: number;
  /** Sentences compared (same words on both sides, ≥ 2 words, τ defined). */
  n: number;
  /** Fraction of sentences whose top-scored word is the same on both sides. */
  topWordAgreement: number;
}

/** Agreement over sentences given as pairs of word-score vectors aligned word by word. */
export function summarizeAgreement(pairs: { a: number[]; b: number[] }[]): AgreementSummary {
  const taus: number[] = [];
  let top = 0;
  let counted = 0;
  for (const { a, b } of pairs) {
    if (a.length !== b.length || a.length < 2) continue;
    const t = kendallTau(a, b);
    if (Number.isNaN(t)) continue;
    taus.push(t);
    counted++;
    if (a.indexOf(Math.max(...a)) === b.indexOf(Math.max(...b))) top++;
  }
  const sorted = taus.slice().sort((u, v) => u - v);
  const mid = sorted.length >> 1;
  return {
    meanTau: taus.length ? taus.reduce((s, t) => s + t, 0) / taus.length : NaN,
    medianTau: sorted.length ? (sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2) : NaN,
    n: counted,
    topWordAgreement: counted ? top / counted : NaN,
  };
}
