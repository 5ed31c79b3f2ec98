// Reliability analyses of a run's evaluated sentences (docs/paper.md §3.2, the authors' MR notebook):
// - accuracy per decile of the distance to the embedding centroid: d_i = ‖e_i − mean_j e_j‖₂ over
//   the first-token embeddings; sort by distance descending, split into 10 equal-count groups
//   (numpy.array_split: the first n mod 10 groups get one more), report per group the mean
//   distance and the accuracy; returned ordered by increasing distance;
// - accuracy per decile of sentence length (whitespace word count; pair texts add their words);
// - reliability diagram and ECE (lib/eval/calibration: 15 equal-width bins, Guo et al. 2017);
// - confidence histogram of correct vs wrong predictions (10 equal-width bins).
import { expectedCalibrationError, reliabilityBins, type ReliabilityBin } from '../eval/calibration';
import type { Matrix2D } from './pairwise';

export interface DecileRow {
  /** 0 = smallest values. */
  group: number;
  count: number;
  mean: number;
  min: number;
  max: number;
  accuracy: number;
}

export interface HistogramBin {
  lo: number;
  hi: number;
  correct: number;
  wrong: number;
}

export interface ReliabilityResult {
  n: number;
  accuracy: number;
  distanceDeciles: DecileRow[];
  lengthDeciles: DecileRow[];
  reliabilityBins: ReliabilityBin[];
  ece: number;
  confidenceHistogram: HistogramBin[];
}

/** numpy.array_split of a list into `groups` nearly equal consecutive parts. */
export function arraySplit<T>(items: T[], groups: number): T[][] {
  const n = items.length;
  const base = Math.floor(n / groups);
  const extra = n % groups;
  const out: T[][] = [];
  let start = 0;
  for (let g = 0; g < groups; g++) {
    const size = base + (g < extra ? 1 : 0);
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out.filter((p) => p.length > 0);
}

/** Accuracy per equal-count group of `values` (sorted descending as in the paper, then reported ascending). */
export function accuracyByDecile(values: number[], correct: boolean[], groups = 10): DecileRow[] {
  if (values.length !== correct.length) throw new RangeError(`${values.length} values for ${correct.length} predictions`);
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  const parts = arraySplit(order, groups).reverse();
  return parts.map((idx, group) => {
    const vs = idx.map((i) => values[i]);
    return {
      group,
      count: idx.length,
      mean: vs.reduce((s, v) => s + v, 0) / idx.length,
      min: Math.min(...vs),
      max: Math.max(...vs),
      accuracy: idx.filter((i) => correct[i]).length / idx.length,
    };
  });
}

/** ‖e_i − centroid‖₂ for every row. */
export function centroidDistances(m: Matrix2D): number[] {
  const { rows: n, cols: d, data } = m;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j] / n;
  return Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (data[i * d + j] - mean[j]) ** 2;
    return Math.sqrt(s);
  });
}

export function wordCount(text: string, pair?: string | null): number {
  const count = (s: string) => s.trim().split(/\s+/).filter(Boolean).length;
  return count(text) + (pair ? count(pair) : 0);
}

export function confidenceHistogram(confidences: number[], correct: boolean[], nBins = 10): HistogramBin[] {
  const bins = Array.from({ length: nBins }, (_, b) => ({ lo: b / nBins, hi: (b + 1) / nBins, correct: 0, wrong: 0 }));
  confidences.forEach((c, i) => {
    const b = Math.min(nBins - 1, Math.max(0, Math.floor(c * nBins)));
    if (correct[i]) bins[b].correct++;
    else bins[b].wrong++;
  });
  return bins;
}

export interface ReliabilityInput {
  /** First-token embeddings, one row per prediction (same order as the arrays below). */
  embeddings: Matrix2D;
  correct: boolean[];
  confidences: number[];
  lengths: number[];
  /** Distances to use instead of the run's own (e.g. another run's axis, as in the paper's figure). */
  distances?: number[];
}

export function reliabilityReport(input: ReliabilityInput): ReliabilityResult {
  const n = input.correct.length;
  const distances = input.distances ?? centroidDistances(input.embeddings);
  return {
    n,
    accuracy: n ? input.correct.filter(Boolean).length / n : NaN,
    distanceDeciles: accuracyByDecile(distances, input.correct),
    lengthDeciles: accuracyByDecile(input.lengths, input.correct),
    reliabilityBins: reliabilityBins(input.confidences, input.correct),
    ece: expectedCalibrationError(input.confidences, input.correct),
    confidenceHistogram: confidenceHistogram(input.confidences, input.correct),
  };
}
