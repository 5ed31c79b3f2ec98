// A seeded, stratified subset of evaluation indices (--eval-limit): each class keeps a share of
// the limit proportional to its count (largest remainders get the leftover slots), drawn uniformly.
import { Rng } from '../util/random';

export function stratifiedSubset(indices: number[], labels: readonly number[], limit: number, seed: number): number[] {
  if (limit >= indices.length) return indices.slice();
  const byClass = new Map<number, number[]>();
  for (const i of indices) byClass.set(labels[i], [...(byClass.get(labels[i]) ?? []), i]);
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const exact = classes.map((c) => (byClass.get(c)!.length * limit) / indices.length);
  const quota = exact.map(Math.floor);
  const order = classes.map((_, k) => k).sort((a, b) => exact[b] - quota[b] - (exact[a] - quota[a]) || a - b);
  for (let left = limit - quota.reduce((a, b) => a + b, 0), j = 0; left > 0; j++, left--) quota[order[j % order.length]]++;
  const rng = new Rng(seed);
  return classes.flatMap((c, k) => rng.sample(byClass.get(c)!, quota[k])).sort((a, b) => a - b);
}
