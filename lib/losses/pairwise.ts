// Losses over all pairs of a batch, in row blocks with bounded memory, evaluated in JS.
//
// Pair and triplet losses need the N×N distance matrix: 16.8M entries at 4,096 token embeddings.
// Autodiff would keep a dozen such matrices alive until the backward pass, and on the wasm
// backend every elementwise or broadcasting op on them costs tens of milliseconds. So the only
// tensor work here is the Gram products on wasm's fast path:
//   forward, per block of anchor rows A = X̂[rows]:  S = A X̂ᵀ              [rows, N]
//   the loss reads S (turned into distances) in JS, float64, and writes ∂L/∂S for the block;
//   backward, per block:                            ∂X̂[rows] += G X̂,  ∂X̂ += Gᵀ A
// The gradient is accumulated while the blocks are evaluated (when a gradient tape is recording),
// so nothing of size N×N outlives its block: peak memory is a few [rows, N] buffers with
// rows·N <= blockEntries (2^21 by default: 8 MiB per float32 buffer).
// Time grows as N²·D (three N×N×D products); `anchors` restricts the anchor rows to a sample (every
// embedding stays a candidate positive/negative), which divides the time by N / |sample|.
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, Rng } from '../util/random';
import type { Distance } from './distances';
import { matMulFast } from './ops';

export const DEFAULT_BLOCK_ENTRIES = 1 << 21;

/** One block of anchor rows against all N embeddings of the batch. */
export interface PairBlock {
  /** Batch index of each anchor row of the block. */
  anchors: Int32Array;
  rows: number;
  n: number;
  /** Class index of every embedding in the batch. */
  labels: Int32Array;
  /** Row-major [rows, n]: the distance (or similarity) of anchor anchors[i] to embedding j. */
  values: Float32Array;
  /** Per loss term, row-major [rows, n] buffers (zeroed) to receive ∂(term sum)/∂value; null
   *  when no gradient is needed. */
  grads: Float32Array[] | null;
}

export interface BlockSums {
  /** Per loss term: the block's sum. */
  sums: number[];
  /** Per loss term: the block's count (e.g. of positive losses, for AvgNonZeroReducer). */
  counts?: number[];
}

export type BlockLoss = (block: PairBlock) => BlockSums;

export interface PairwiseOptions {
  blockEntries?: number;
  /** The loss is a symmetric function of the matrix (each unordered pair enters twice alike), so
   *  ∂L/∂S is symmetric and one product per block gives the gradient. */
  symmetric?: boolean;
  /** Anchor rows to evaluate, ascending (default: every row). */
  anchors?: Int32Array;
}

export interface PairwiseResult {
  /** [terms] sums over all blocks, differentiable w.r.t. the prepared embeddings. */
  sums: tf.Tensor1D;
  /** [terms] summed counts. */
  counts: Float64Array;
  /** The anchor rows evaluated. */
  anchors: Int32Array;
}

/**
 * The anchor rows of each call: undefined (every row) unless the batch has more than
 * `maxAnchors` rows, then that many distinct rows, ascending, drawn uniformly from a seeded stream.
 */
export function anchorSampler(maxAnchors: number | undefined, seed: number, lossName: string): (n: number) => Int32Array | undefined {
  const rng = new Rng(deriveSeed(seed, `${lossName}/anchors`));
  return (n) => {
    if (!maxAnchors || maxAnchors >= n) return undefined;
    return Int32Array.from(
      rng.sample(
        Array.from({ length: n }, (_, i) => i),
        maxAnchors,
      ),
    ).sort();
  };
}

/** Anchor rows per block so that a block has at most `blockEntries` entries (at least one row). */
export function rowsPerBlock(n: number, blockEntries = DEFAULT_BLOCK_ENTRIES): number {
  return Math.max(1, Math.min(n, Math.floor(blockEntries / Math.max(n, 1))));
}

/** How the block values derive from the Gram matrix S: S itself, or distances from S and norms. */
type GramKind = 'similarity' | 'squared' | 'rooted';

function gramKind(distance: Distance): GramKind {
  if (distance.name === 'squared-euclidean') return 'squared';
  return distance.name === 'euclidean' || distance.name === 'raw-euclidean' ? 'rooted' : 'similarity';
}

/** In place: S_ij → value; d² = max(‖x_i‖² + ‖x_j‖² − 2 S_ij, 0), d = √d² (0 below 1e-12). */
function gramToValues(kind: GramKind, v: Float32Array, norms: Float64Array, anchors: Int32Array, n: number): void {
  if (kind === 'similarity') return;
  for (let i = 0; i < anchors.length; i++) {
    const ni = norms[anchors[i]];
    for (let j = 0, idx = i * n; j < n; j++, idx++) {
      const d2 = Math.max(ni + norms[j] - 2 * v[idx], 0);
      v[idx] = kind === 'squared' ? d2 : d2 > 1e-12 ? Math.sqrt(d2) : 0;
    }
  }
}

/**
 * In place: g = ∂L/∂value → ∂L/∂S, adding ∂L/∂‖x_i‖² and ∂L/∂‖x_j‖² (= −½ ∂L/∂S_ij for
 * distances) to rowNorm and colNorm.
 */
function valueGradToGram(
  kind: GramKind,
  g: Float32Array,
  v: Float32Array,
  rowNorm: Float64Array,
  colNorm: Float64Array,
  rows: number,
  n: number,
): void {
  if (kind === 'similarity') return;
  for (let i = 0; i < rows; i++) {
    for (let j = 0, idx = i * n; j < n; j++, idx++) {
      if (g[idx] === 0) continue;
      const value = v[idx];
      const slope = value > 0 ? (kind === 'squared' ? g[idx] : (0.5 * g[idx]) / value) : 0;
      rowNorm[i] += slope;
      colNorm[j] += slope;
      g[idx] = -2 * slope;
    }
  }
}

/**
 * Σ over anchor-row blocks of `blockLoss`, differentiable w.r.t. x (the prepared embeddings
 * [N, D]: normalised when the distance normalises).
 */
export function pairwiseSums(
  x: tf.Tensor2D,
  labels: Int32Array,
  distance: Distance,
  terms: number,
  blockLoss: BlockLoss,
  opts: PairwiseOptions = {},
): PairwiseResult {
  const [n, dim] = x.shape;
  if (labels.length !== n) throw new Error(`${n} embeddings but ${labels.length} labels`);
  const rows = rowsPerBlock(n, opts.blockEntries);
  const anchorRows = opts.anchors ?? Int32Array.from({ length: n }, (_, i) => i);
  const sampled = anchorRows.length < n;
  const symmetric = (opts.symmetric ?? false) && !sampled; // a sample breaks the symmetry
  const kind = gramKind(distance);
  const counts = new Float64Array(terms);
  const wantGradient = tf.engine().isTapeOn();

  const op = tf.customGrad((input) => {
    const xs = input as tf.Tensor2D;
    const xData = xs.dataSync();
    const norms = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) norms[i] += xData[i * dim + k] ** 2;
    const xT = tf.transpose<tf.Tensor2D>(xs);
    const totals = new Float64Array(terms);
    const dX = wantGradient ? Array.from({ length: terms }, () => new Float64Array(n * dim)) : [];
    for (let first = 0; first < anchorRows.length; first += rows) {
      const blockAnchors = anchorRows.subarray(first, first + rows);
      const r = blockAnchors.length;
      const anchors = sampled
        ? tf.tidy(() => tf.gather<tf.Tensor2D>(xs, tf.tensor1d(blockAnchors, 'int32')))
        : tf.slice(xs, [blockAnchors[0], 0], [r, dim]);
      const gram = matMulFast(anchors, xT);
      const values = gram.dataSync() as Float32Array;
      gram.dispose();
      gramToValues(kind, values, norms, blockAnchors, n);
      const grads = wantGradient ? Array.from({ length: terms }, () => new Float32Array(r * n)) : null;
      const result = blockLoss({ anchors: blockAnchors, rows: r, n, labels, values, grads });
      for (let k = 0; k < terms; k++) {
        totals[k] += result.sums[k];
        counts[k] += result.counts?.[k] ?? 0;
      }
      if (grads) {
        const anchorsT = symmetric ? null : tf.transpose<tf.Tensor2D>(anchors);
        grads.forEach((g, k) => backpropBlock(g, values, anchors, anchorsT, xs, xData, blockAnchors, kind, dX[k]));
        anchorsT?.dispose();
      }
      anchors.dispose();
    }
    xT.dispose();
    return {
      value: tf.tensor1d(Float32Array.from(totals)),
      gradFunc: (dy: tf.Tensor) => {
        if (!wantGradient) throw new Error('pairwiseSums: gradient requested but no tape was recording at evaluation time');
        const weights = dy.dataSync();
        const out = new Float32Array(n * dim);
        dX.forEach((g, k) => {
          for (let i = 0; i < out.length; i++) out[i] += weights[k] * g[i];
        });
        return tf.tensor2d(out, [n, dim]);
      },
    };
  });
  const sums = n === 0 ? tf.mul<tf.Tensor1D>(tf.sum(x), tf.zeros([terms])) : (op(x) as tf.Tensor1D);
  return { sums, counts, anchors: anchorRows };
}

/**
 * Adds one block's contribution to ∂L/∂X̂, given g = ∂L/∂value for the block (turned in place
 * into ∂L/∂S). Value = f(S_ij, ‖x_i‖², ‖x_j‖²): ∂S_ij/∂x_i = x_j, ∂S_ij/∂x_j = x_i, ∂‖x‖²/∂x = 2x.
 * With anchorsT null the loss is symmetric (∂L/∂S symmetric over the whole matrix): the column
 * part equals the row part, so it is doubled instead of computed.
 */
function backpropBlock(
  g: Float32Array,
  values: Float32Array,
  anchors: tf.Tensor2D,
  anchorsT: tf.Tensor2D | null,
  xs: tf.Tensor2D,
  xData: ArrayLike<number>,
  anchorRows: Int32Array,
  kind: GramKind,
  dX: Float64Array,
): void {
  const [r, dim] = anchors.shape;
  const n = xs.shape[0];
  const rowNorm = new Float64Array(r); // ∂L/∂‖x_i‖² of the anchors
  const colNorm = new Float64Array(n); // ∂L/∂‖x_j‖²
  valueGradToGram(kind, g, values, rowNorm, colNorm, r, n);
  const scale = anchorsT ? 1 : 2;
  tf.tidy(() => {
    const gS = tf.tensor2d(g, [r, n]);
    const dAnchors = matMulFast(gS, xs).dataSync(); // [r, dim]: G X̂
    for (let i = 0; i < r; i++) {
      const row = anchorRows[i] * dim;
      const normTerm = 2 * scale * rowNorm[i];
      for (let k = 0; k < dim; k++) dX[row + k] += scale * dAnchors[i * dim + k] + normTerm * xData[row + k];
    }
    if (!anchorsT) return;
    const dOthersT = matMulFast(anchorsT, gS).dataSync(); // [dim, n]: (Gᵀ A)ᵀ
    for (let j = 0; j < n; j++) {
      const normTerm = 2 * colNorm[j];
      for (let k = 0; k < dim; k++) dX[j * dim + k] += dOthersT[k * n + j] + normTerm * xData[j * dim + k];
    }
  });
}
