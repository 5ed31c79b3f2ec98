// Pairing two configurations over the folds: a value of one configuration is paired with the
// baseline's value of the same fold and seed, so both saw the same training sample and the same
// evaluation fold (docs/paper.md §1.4). Pairs feed the paired tests of stats.ts.

export interface FoldValue {
  fold: number;
  seed: number;
  value: number;
}

/** The values and the baseline's values of the (fold, seed) pairs both have, in the order of `values`. */
export function pairByFold(values: readonly FoldValue[], baseline: readonly FoldValue[]): { a: number[]; b: number[] } {
  const key = (v: FoldValue) => `${v.fold}:${v.seed}`;
  const base = new Map(baseline.map((v) => [key(v), v.value]));
  const a: number[] = [];
  const b: number[] = [];
  for (const v of values) {
    const y = base.get(key(v));
    if (y === undefined) continue;
    a.push(v.value);
    b.push(y);
  }
  return { a, b };
}
