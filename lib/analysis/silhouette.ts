// Silhouette coefficient of a labelling (Rousseeuw 1987; sklearn.metrics.silhouette_score):
//   a(i) = mean distance from i to the other members of its cluster
//   b(i) = min over other clusters C of the mean distance from i to C
//   s(i) = (b − a) / max(a, b),  s(i) = 0 when i is alone in its cluster;  score = mean_i s(i)
// Here the clusters are the gold labels, so it measures how well the embedding separates classes.

/** s(i) from i's distances to every point (self included, skipped by index). */
export function silhouetteForRow(i: number, dist: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number): number {
  const sum = new Float64Array(numClasses);
  const count = new Float64Array(numClasses);
  for (let j = 0; j < dist.length; j++) {
    if (j === i) continue;
    sum[labels[j]] += dist[j];
    count[labels[j]]++;
  }
  const own = labels[i];
  if (count[own] === 0) return 0;
  const a = sum[own] / count[own];
  let b = Infinity;
  for (let c = 0; c < numClasses; c++) if (c !== own && count[c] > 0) b = Math.min(b, sum[c] / count[c]);
  if (!Number.isFinite(b)) return 0;
  const denom = Math.max(a, b);
  return denom > 0 ? (b - a) / denom : 0;
}
