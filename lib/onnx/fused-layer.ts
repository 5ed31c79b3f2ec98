// One encoder layer written with onnxruntime's contrib kernels (domain com.microsoft) instead of
// the standard-ONNX subgraph of ./standard-layer: Attention (the Q, K, V projections as one GEMM,
// softmax(QKᵀ/√d_h + mask) V per head) and BiasGelu / FastGelu; the residual LayerNorms as in
// ./layer-context's residualNorm. The same math; onnxruntime's optimizer does not fuse the standard
// subgraph into Attention when LayerNormalization is the opset-17 op, so the in-process inference
// graph (never the exported file, which stays portable) is written fused from the start.
import { MASKED_SCORE, residualNorm, type LayerContext, type LayerWriter } from './layer-context';

function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/** Q, K, V weights side by side as one [D, 3D] matrix (and [3D] bias), the Attention kernel's layout. */
function qkv(c: LayerContext, prefix: string): { weight: string; bias: string } {
  const D = c.hidden;
  const names = ['query', 'key', 'value'];
  const parts = names.map((n) => transpose(c.data(`${prefix}.${n}.weight`), D, D));
  const w = new Float32Array(D * 3 * D);
  for (let r = 0; r < D; r++) parts.forEach((t, k) => w.set(t.subarray(r * D, (r + 1) * D), r * 3 * D + k * D));
  const b = new Float32Array(3 * D);
  names.forEach((n, k) => b.set(c.data(`${prefix}.${n}.bias`), k * D));
  return { weight: c.add(`${prefix}.qkv.weight_t`, [D, 3 * D], w), bias: c.add(`${prefix}.qkv.bias`, [3 * D], b) };
}

const vector = (c: LayerContext, name: string) => c.add(name, [c.data(name).length], c.data(name));

/** LayerNorm(x + bias of `dense` + residual) with the weights of `norm`. */
function skipNorm(c: LayerContext, x: string, residual: string, dense: string, norm: string, outName?: string): string {
  return residualNorm(c, c.g.op('Add', [x, vector(c, `${dense}.bias`)]), residual, norm, outName);
}

export function fusedLayers(c: LayerContext): LayerWriter {
  const { g } = c;
  const maskInt32 = g.op('Cast', [c.attentionMask], { to: 6 });
  return (l, _i, hidden, outName) => {
    const { weight, bias } = qkv(c, `${l}.attention.self`);
    const context = g.msOp('Attention', [hidden, weight, bias, maskInt32], {
      num_heads: c.heads,
      mask_filter_value: { float: MASKED_SCORE },
    });
    const out = `${l}.attention.output.dense`;
    const attended = skipNorm(c, g.op('MatMul', [context, c.linearW(out)]), hidden, out, `${l}.attention.output.LayerNorm`);
    const inner = `${l}.intermediate.dense`;
    const activated = g.msOp(c.geluTanh ? 'FastGelu' : 'BiasGelu', [
      g.op('MatMul', [attended, c.linearW(inner)]),
      vector(c, `${inner}.bias`),
    ]);
    const down = `${l}.output.dense`;
    return skipNorm(c, g.op('MatMul', [activated, c.linearW(down)]), attended, down, `${l}.output.LayerNorm`, outName);
  };
}
