// One encoder layer in standard ONNX (opset 17), readable by any runtime: Q, K, V projections,
// softmax(QKᵀ/√d_h + mask) V per head (Vaswani et al. 2017, arXiv 1706.03762 §3.2), post-LN
// residuals and the GELU feed-forward. Written as the subgraphs onnxruntime's optimizer knows
// (transformers' BERT export): the mask as Unsqueeze, Unsqueeze, Cast, (1 − mask)·−10000, the
// scores divided by √d_h after QKᵀ, GELU as Div(√2), Erf, Add 1, Mul (GeluFusion, then BiasGelu);
// the residual LayerNorms on a 2-D view (./layer-context's residualNorm).
import { MASKED_SCORE, residualNorm, type LayerContext, type LayerWriter } from './layer-context';

/** Layers that may also output each layer's softmax probabilities as attentions.<i> [B, H, L, L]. */
export function standardLayers(c: LayerContext, withAttentions: boolean): LayerWriter {
  const { g, heads: H, hidden: D } = c;
  const dh = D / H;
  const scalar = (name: string, v: number) => g.floats(name, [], Float32Array.of(v));
  const unsqueezed = g.op('Unsqueeze', [g.op('Unsqueeze', [c.attentionMask, g.ints('axes_1', [1])]), g.ints('axes_2', [2])]);
  const maskF = g.op('Cast', [unsqueezed], { to: 1 });
  const one = scalar('one_f', 1);
  const mask4 = g.op('Mul', [g.op('Sub', [one, maskF]), scalar('masked_score', MASKED_SCORE)]);
  const headShape = g.ints('shape_heads', [0, 0, H, dh]);
  const mergedShape = g.ints('shape_merged', [0, 0, D]);
  const sqrtHead = scalar('sqrt_head_size', Math.sqrt(dh));
  const half = scalar('half', 0.5);
  const split = (x: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [x, headShape])], { perm });

  /** Exact GELU ½x(1 + erf(x/√2)) (Hendrycks & Gimpel 2016, arXiv 1606.08415 §2). */
  const geluErf = (x: string) => {
    const erf = g.op('Erf', [g.op('Div', [x, g.floats(g.fresh('sqrt2'), [], Float32Array.of(Math.SQRT2))])]);
    return g.op('Mul', [g.op('Mul', [x, half]), g.op('Add', [erf, one])]);
  };
  /** Tanh GELU ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
  const geluTanh = (x: string) => {
    const cube = g.op('Mul', [g.op('Mul', [x, x]), x]);
    const inner = g.op('Add', [x, g.op('Mul', [cube, g.floats(g.fresh('c044715'), [], Float32Array.of(0.044715))])]);
    const t = g.op('Tanh', [g.op('Mul', [inner, g.floats(g.fresh('sqrt_2_pi'), [], Float32Array.of(Math.sqrt(2 / Math.PI)))])]);
    return g.op('Mul', [g.op('Mul', [x, half]), g.op('Add', [t, one])]);
  };

  return (l, i, hidden, outName) => {
    const a = `${l}.attention.self`;
    const [q, k, v] = ['query', 'key', 'value'].map((n) => c.linear(hidden, `${a}.${n}`));
    const scores = g.op('Add', [g.op('Div', [g.op('MatMul', [split(q, [0, 2, 1, 3]), split(k, [0, 2, 3, 1])]), sqrtHead]), mask4]);
    const probs = g.op('Softmax', [scores], { axis: 3 }, withAttentions ? `attentions.${i}` : undefined);
    if (withAttentions) g.output(probs, 'float32', ['batch', H, 'sequence', 'sequence']);
    const context = g.op('Reshape', [
      g.op('Transpose', [g.op('MatMul', [probs, split(v, [0, 2, 1, 3])])], { perm: [0, 2, 1, 3] }),
      mergedShape,
    ]);
    const attended = residualNorm(c, c.linear(context, `${l}.attention.output.dense`), hidden, `${l}.attention.output.LayerNorm`);
    const inner = c.linear(attended, `${l}.intermediate.dense`);
    const activated = c.geluTanh ? geluTanh(inner) : geluErf(inner);
    return residualNorm(c, c.linear(activated, `${l}.output.dense`), attended, `${l}.output.LayerNorm`, outName);
  };
}
