// Matrix products that stay on the wasm backend's fast path. Measured in docs/environment.md §1: only
// a 2-D matMul without transpose flags uses XNNPACK (~28 GFLOP/s at 512); transposeB is ~12x
// slower, transposeA ~28x, batched matMul (batch > 1) 7-25x. tf.matMul's gradient uses those
// flags, so both products here carry custom gradients built from explicit transposes and
// plain 2-D products. Exact same math on every backend. With the native kernels
// (native-kernels.ts) the flags cost nothing, so tfjs' own ops and gradients run there.
import * as tf from '@tensorflow/tfjs';
import { nativeProductsActive } from './native-kernels';
import { slicedMatMulWasm } from './wasm-sliced-matmul';

/** The workaround only pays on wasm without native products; elsewhere tfjs' own kernels and gradients run. */
function onWasm(): boolean {
  return tf.getBackend() === 'wasm' && !nativeProductsActive();
}

function plain(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(a, b);
}

function maybeTranspose(x: tf.Tensor2D, flag: boolean): tf.Tensor2D {
  return flag ? tf.transpose(x) : x;
}

/**
 * op(a) @ op(b) for 2-D tensors, where op transposes when its flag is set.
 * Gradient (y = A B): dA = dy Bᵀ, dB = Aᵀ dy, each through an explicit transpose.
 */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D, transposeA = false, transposeB = false): tf.Tensor2D {
  if (a.rank !== 2 || b.rank !== 2) throw new Error(`matMul expects 2-D tensors, got ranks ${a.rank} and ${b.rank}`);
  if (!onWasm()) return tf.matMul(a, b, transposeA, transposeB); // native kernels have no slow flags
  const f = tf.customGrad((x, y, save) => {
    const effA = maybeTranspose(x as tf.Tensor2D, transposeA);
    const effB = maybeTranspose(y as tf.Tensor2D, transposeB);
    (save as tf.GradSaveFunc)([effA, effB]);
    return {
      value: plain(effA, effB),
      gradFunc: (dy, saved) => {
        const [A, B] = saved as tf.Tensor2D[];
        const g = dy as tf.Tensor2D;
        const dA = plain(g, tf.transpose(B)); // [M, K]
        const dB = plain(tf.transpose(A), g); // [K, N]
        return [maybeTranspose(dA, transposeA), maybeTranspose(dB, transposeB)];
      },
    };
  });
  return f(a, b) as tf.Tensor2D;
}

/** Σ over rows of a 2-D tensor ([N, D] → [D]); on wasm as ones[1, N] @ x (Sum over axis 0 transposes first). */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  if (!onWasm()) return tf.sum(x, 0);
  return plain(tf.ones([1, x.shape[0]]), x).reshape([x.shape[1]]);
}

/** y = x w + b on 2-D x, with gradient dx = dy wᵀ, dw = xᵀ dy, db = Σ_rows dy (all fast-path products). */
function affine(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  const f = tf.customGrad((xi, wi, bi, save) => {
    (save as tf.GradSaveFunc)([xi as tf.Tensor2D, wi as tf.Tensor2D]);
    return {
      value: tf.add(plain(xi as tf.Tensor2D, wi as tf.Tensor2D), bi as tf.Tensor1D),
      gradFunc: (dy, saved) => {
        const [X, W] = saved as tf.Tensor2D[];
        const g = dy as tf.Tensor2D;
        return [plain(g, tf.transpose(W)), plain(tf.transpose(X), g), columnSums(g)];
      },
    };
  });
  return f(x, w, bias) as tf.Tensor2D;
}

/** x [..., K] @ w [K, N] (+ bias [N]) as one 2-D product: the dense layer of every module. */
export function linear(x: tf.Tensor, w: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor {
  const inner = x.shape[x.rank - 1];
  const lead = x.shape.slice(0, -1);
  const x2 = x.reshape<tf.Tensor2D>([-1, inner]);
  let y: tf.Tensor2D;
  if (bias && nativeProductsActive())
    y = tf.fused.matMul({ a: x2, b: w, bias }) as tf.Tensor2D; // product + bias in one native call
  else y = bias && onWasm() ? affine(x2, w, bias) : bias ? tf.add(matMul(x2, w), bias) : matMul(x2, w);
  return y.reshape([...lead, w.shape[1]]);
}

/** Per-slice 2-D products of [N, M, K] and [N, K, P] → [N, M, P] (wasm-sliced-matmul.ts: no copies). */
function slicedProducts(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return slicedMatMulWasm(a, b);
}

function transposeLast(x: tf.Tensor3D): tf.Tensor3D {
  return tf.transpose(x, [0, 2, 1]);
}

/**
 * a [N, M, K] @ b [N, K, P] → [N, M, P] through N plain 2-D products on the heap, 5x faster
 * than tfjs' batched kernel on wasm at [128,64,64]@[128,64,64].
 * Gradient: dA_n = dY_n B_nᵀ, dB_n = A_nᵀ dY_n, the same way.
 */
export function batchMatMul(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  if (a.rank !== 3 || b.rank !== 3 || a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new Error(`batchMatMul shapes do not match: [${a.shape.join(',')}] @ [${b.shape.join(',')}]`);
  }
  if (!onWasm()) return tf.matMul(a, b);
  const f = tf.customGrad((x, y, save) => {
    (save as tf.GradSaveFunc)([x as tf.Tensor, y as tf.Tensor]);
    return {
      value: slicedProducts(x as tf.Tensor3D, y as tf.Tensor3D),
      gradFunc: (dy, saved) => {
        const [A, B] = saved as tf.Tensor3D[];
        const g = dy as tf.Tensor3D;
        return [slicedProducts(g, transposeLast(B)), slicedProducts(transposeLast(A), g)];
      },
    };
  });
  return f(a, b) as tf.Tensor3D;
}
