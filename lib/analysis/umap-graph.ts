// A faster drop-in for two steps of umap-js 1.4's UMAP.initializeFit on large inputs:
// - fuzzySimplicialSet: umap-js symmetrises the k-NN membership matrix P with string-keyed sparse
//   matrices (transpose, pairwise product, add, subtract: ~75 % of the fit setup at 10,000 points).
//   Here the same fuzzy union  G = mix·(P + Pᵀ − P∘Pᵀ) + (1 − mix)·(P∘Pᵀ)  (McInnes et al. 2018, §3.2
//   eq. 6; umap-js umap.ts fuzzySimplicialSet) is computed with one numeric-keyed map, emitting the
//   entries in umap-js's order (P's entries, then the Pᵀ-only ones) with the same arithmetic, so the
//   graph, and therefore the seeded layout, is identical.
// - makeSearchGraph: only needed by UMAP.transform, which we do not use; skipped.
// It relies on umap-js internals (pinned by package-lock); the projection tests compare the graph
// with umap-js's own.
import type { UMAP } from 'umap-js';
import { SparseMatrix } from 'umap-js/dist/matrix';

interface UmapInternals {
  localConnectivity: number;
  knnIndices?: number[][];
  knnDistances?: number[][];
  smoothKNNDistance(distances: number[][], k: number, localConnectivity: number): { sigmas: number[]; rhos: number[] };
  computeMembershipStrengths(
    indices: number[][],
    distances: number[][],
    sigmas: number[],
    rhos: number[],
  ): { rows: number[]; cols: number[]; vals: number[] };
  fuzzySimplicialSet(X: unknown[], nNeighbors: number, setOpMixRatio?: number): SparseMatrix;
  makeSearchGraph(X: unknown[]): SparseMatrix;
}

/** The symmetrised fuzzy graph from the instance's precomputed k-NN. */
export function fastFuzzySimplicialSet(umap: UMAP, n: number, nNeighbors: number, setOpMixRatio = 1): SparseMatrix {
  const u = umap as unknown as UmapInternals;
  const indices = u.knnIndices ?? [];
  const distances = u.knnDistances ?? [];
  const { sigmas, rhos } = u.smoothKNNDistance(distances, nNeighbors, u.localConnectivity);
  const { rows, cols, vals } = u.computeMembershipStrengths(indices, distances, sigmas, rhos);
  const p = new Map<number, number>();
  for (let i = 0; i < vals.length; i++) if (!p.has(rows[i] * n + cols[i])) p.set(rows[i] * n + cols[i], vals[i]);
  const outRows: number[] = [];
  const outCols: number[] = [];
  const outVals: number[] = [];
  const emit = (r: number, c: number, a: number, b: number) => {
    const prod = a * b;
    outRows.push(r);
    outCols.push(c);
    outVals.push((a + b - prod) * setOpMixRatio + prod * (1 - setOpMixRatio));
  };
  for (const [key, v] of p) emit(Math.floor(key / n), key % n, v, p.get((key % n) * n + Math.floor(key / n)) ?? 0);
  for (const [key, v] of p) {
    const r = Math.floor(key / n);
    const c = key % n;
    if (!p.has(c * n + r)) emit(c, r, 0, v);
  }
  return new SparseMatrix(outRows, outCols, outVals, [n, n]);
}

/** Makes `umap`'s initializeFit use the fast graph and skip the transform-only search graph. */
export function useFastGraph(umap: UMAP, n: number): void {
  const u = umap as unknown as UmapInternals;
  u.fuzzySimplicialSet = (_x, nNeighbors, mix) => fastFuzzySimplicialSet(umap, n, nNeighbors, mix ?? 1);
  u.makeSearchGraph = () => new SparseMatrix([], [], [], [n, n]);
}
