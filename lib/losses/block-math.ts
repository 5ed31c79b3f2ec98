// Float64 helpers for the JS side of the pair losses (pairwise.ts blocks).

/** Fills pos/neg with the indices j of the positives (y_j = y_a, j ≠ a) and negatives (y_j ≠ y_a) of anchor a; returns their counts. */
export function partitionRow(labels: Int32Array, a: number, pos: Int32Array, neg: Int32Array): [number, number] {
  let np = 0;
  let nn = 0;
  const y = labels[a];
  for (let j = 0; j < labels.length; j++) {
    if (labels[j] !== y) neg[nn++] = j;
    else if (j !== a) pos[np++] = j;
  }
  return [np, nn];
}

/**
 * log(Σ_k<len exp(z_k)), or log(1 + Σ exp(z_k)) when addOne; max-subtracted. An empty sum gives
 * −Infinity (0 with addOne). With `weights`, z_k is replaced by its softmax weight
 * exp(z_k − result), reusing the exponentials.
 */
export function logSumExp(z: Float64Array, len: number, addOne: boolean, weights = false): number {
  let max = addOne ? 0 : -Infinity;
  for (let k = 0; k < len; k++) if (z[k] > max) max = z[k];
  if (max === -Infinity) return -Infinity;
  let total = addOne ? Math.exp(-max) : 0;
  for (let k = 0; k < len; k++) {
    const e = Math.exp(z[k] - max);
    total += e;
    if (weights) z[k] = e;
  }
  if (weights) for (let k = 0; k < len; k++) z[k] /= total;
  return max + Math.log(total);
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** 1 / (1 + e^−x). */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
