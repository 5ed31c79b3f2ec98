// UMAP (McInnes, Healy & Melville 2018) through umap-js, seeded and reproducible:
// - exact k-nearest neighbours from ./pairwise (one matMul per block) replace umap-js's approximate
//   NN-descent (faster here and deterministic), handed over with setPrecomputedKNN (self first);
// - umap-js draws every random number from `random`, here the project's seeded Rng;
// - the fuzzy graph is built by ./umap-graph (same graph, much faster than umap-js's sparse matrices);
// - epochs run one by one (initializeFit + step) so long projections report progress.
// Extra points (class proxies/centres) are placed like umap-learn's transform initialisation: at the
// membership-weighted mean of the map positions of their nNeighbors nearest embeddings, weights
// exp(−(d − ρ)/σ) with ρ the nearest distance and σ their mean distance beyond ρ (no refinement epochs).
import { UMAP } from 'umap-js';
import { Rng } from '../util/random';
import { nearestNeighbors, toRows, type Matrix2D, type Metric } from './pairwise';
import { useFastGraph } from './umap-graph';

export interface UmapOptions {
  nNeighbors?: number; // default 15
  minDist?: number; // default 0.1
  nEpochs?: number; // default: umap-js's (500 for ≤ 2,500 points … 200 above 10,000)
  seed?: number; // default 42
  metric?: Metric; // default euclidean
  onProgress?: (epoch: number, total: number) => void;
  /** false: umap-js's own (slower) graph construction; same result (./umap-graph). */
  fastGraph?: boolean;
}

export interface UmapResult {
  coords: [number, number][];
  params: Required<Omit<UmapOptions, 'onProgress' | 'nEpochs' | 'fastGraph'>> & { nEpochs: number };
}

export function umapProject(m: Matrix2D, opts: UmapOptions = {}): UmapResult {
  const nNeighbors = Math.min(opts.nNeighbors ?? 15, m.rows - 1);
  const minDist = opts.minDist ?? 0.1;
  const seed = opts.seed ?? 42;
  const metric = opts.metric ?? 'euclidean';
  if (m.rows < 3) throw new RangeError(`UMAP needs at least 3 points, got ${m.rows}`);
  const rng = new Rng(seed);
  const umap = new UMAP({ nComponents: 2, nNeighbors, minDist, nEpochs: opts.nEpochs, random: () => rng.next() });
  const knn = nearestNeighbors(m, nNeighbors, metric);
  umap.setPrecomputedKNN(knn.indices, knn.distances);
  if (opts.fastGraph !== false) useFastGraph(umap, m.rows);
  const total = umap.initializeFit(toRows(m));
  for (let e = 0; e < total; e++) {
    umap.step();
    if (opts.onProgress && (e % 10 === 9 || e === total - 1)) opts.onProgress(e + 1, total);
  }
  const coords = umap.getEmbedding().map((p) => [p[0], p[1]] as [number, number]);
  return { coords, params: { nNeighbors, minDist, seed, metric, nEpochs: total } };
}

/** Map positions of extra points from their distances to the embedded points (see header). */
export function placeByNeighbors(distances: Float32Array[] | number[][], coords: [number, number][], k: number): [number, number][] {
  return distances.map((dist) => {
    const order = Array.from(dist.keys())
      .sort((a, b) => dist[a] - dist[b])
      .slice(0, Math.min(k, coords.length));
    const rho = dist[order[0]];
    const beyond = order.map((j) => dist[j] - rho);
    const sigma = Math.max(beyond.reduce((a, b) => a + b, 0) / order.length, 1e-12);
    const w = beyond.map((b) => Math.exp(-b / sigma));
    const sw = w.reduce((a, b) => a + b, 0);
    const x = order.reduce((s, j, t) => s + w[t] * coords[j][0], 0) / sw;
    const y = order.reduce((s, j, t) => s + w[t] * coords[j][1], 0) / sw;
    return [x, y];
  });
}
