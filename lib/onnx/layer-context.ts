// What a writer of encoder layers (./standard-layer, ./fused-layer) gets from ./encoder-graph:
// the graph, the sizes, the weights by HF name, and the shared Linear / LayerNorm helpers.
import type { GraphBuilder } from './graph-builder';

export interface LayerContext {
  g: GraphBuilder;
  heads: number;
  hidden: number;
  eps: number;
  /** hidden_act "gelu_new" (tanh approximation) rather than exact GELU. */
  geluTanh: boolean;
  /** The graph input: [B, L] int64 0/1 attention mask. */
  attentionMask: string;
  /** A weight by HF name, float32 in PyTorch layout. */
  data(name: string): Float32Array;
  /** Adds a weight (float32, or float16 cast once), returns the name of its float32 value. */
  add(name: string, dims: number[], values: Float32Array): string;
  /** The transposed [in, out] weight of a Linear layer. */
  linearW(name: string): string;
  /** x W + b of the Linear layer `name`. */
  linear(x: string, name: string): string;
  /** LayerNorm of x with the weights of `name`. */
  norm(x: string, name: string, outName?: string): string;
}

/** One encoder layer: HF prefix (e.g. bert.encoder.layer.0), its index, its input; returns its output. */
export type LayerWriter = (prefix: string, index: number, hidden: string, outName?: string) => string;

/** Additive score of padding keys: exp() of it is 0 in float32, as lib/model/attention.ts's -1e9 (every row keeps its first token, so the maxima agree); -10000 is the constant onnxruntime's AttentionFusion looks for. */
export const MASKED_SCORE = -10000;

/**
 * LayerNorm(x + residual) over the rows of a [B·L, D] view, reshaped back to the residual's shape.
 * Written on 3-D tensors, onnxruntime fuses Add + LayerNormalization into SkipLayerNormalization,
 * whose CPU kernel (onnxruntime-node 1.30) is several times slower than the two ops it replaces
 * (onnxruntime's profiler on the tiny shape, 1 thread: 20-25% of a forward in SkipLayerNormalization,
 * under 10% in the Add and LayerNormalization that replace it).
 */
export function residualNorm(c: LayerContext, x: string, residual: string, name: string, outName?: string): string {
  const { g } = c;
  const rows = g.op('Reshape', [g.op('Add', [x, residual]), g.ints(g.fresh('rows_shape'), [-1, c.hidden])]);
  return g.op('Reshape', [c.norm(rows, name), g.op('Shape', [residual])], {}, outName);
}
