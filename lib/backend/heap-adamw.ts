// AdamW's update of one variable in one pass over its memory, in place: m, v and the parameter are
// rewritten where they lie on the wasm heap, the gradient is read once (times a clipping scale).
// tfjs' elementwise chain allocated ~3 variable-sized temporaries per variable and ran 12 kernels
// (5.6 s of a 20 s RoBERTa-base step, 125 M parameters); this loop is bound by memory bandwidth.
// Arithmetic in float64, stored as float32 (tfjs' chain rounds after each op: differences are ~1 ulp).
// With the native addon loaded the same loop runs there, split over its thread pool
// (native/src/adamw.cc); this TypeScript loop is the fallback.
import { nativeStatus } from './native-addon';

export interface AdamWCoefficients {
  beta1: number;
  beta2: number;
  eps: number;
  /** Learning rate of this variable at this step. */
  lr: number;
  /** Weight decay of this variable (0 when excluded). */
  weightDecay: number;
  /** 1 − β1^t and 1 − β2^t. */
  bc1: number;
  bc2: number;
  style: 'torch' | 'transformers';
  /** Multiplies the gradient first (global-norm clipping's coefficient; 1 when not clipped). */
  gradScale: number;
}

/** One AdamW step over float32 arrays of one length (see lib/training/adamw.ts for the formulas). */
export function adamwInPlace(p: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, c: AdamWCoefficients): void {
  const n = p.length;
  if (m.length !== n || v.length !== n || g.length !== n)
    throw new Error(`adamwInPlace: arrays of lengths ${n}, ${m.length}, ${v.length}, ${g.length}`);
  const addon = nativeStatus().addon;
  if (addon?.adamw) {
    const k = [c.beta1, c.beta2, c.eps, c.lr, c.weightDecay, c.bc1, c.bc2, c.gradScale, c.style === 'transformers' ? 1 : 0];
    return addon.adamw(p, m, v, g, Float64Array.from(k));
  }
  adamwLoop(p, m, v, g, c);
}

/** The update in TypeScript (where the addon is not loaded). */
export function adamwLoop(p: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, c: AdamWCoefficients): void {
  const n = p.length;
  const { beta1: b1, beta2: b2, eps, gradScale: s } = c;
  const a1 = 1 - b1;
  const a2 = 1 - b2;
  const decay = 1 - c.lr * c.weightDecay;
  if (c.style === 'torch') {
    // p ← p·(1 − lr·wd) − (lr/bc1) · m / (√v/√bc2 + ε)
    const step = c.lr / c.bc1;
    const root = 1 / Math.sqrt(c.bc2);
    for (let i = 0; i < n; i++) {
      const gi = g[i] * s;
      const mi = b1 * m[i] + a1 * gi;
      const vi = b2 * v[i] + a2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i] * decay - (step * mi) / (Math.sqrt(vi) * root + eps);
    }
  } else {
    // p ← (p − lr·√bc2/bc1 · m / (√v + ε)) · (1 − lr·wd)
    const step = (c.lr * Math.sqrt(c.bc2)) / c.bc1;
    for (let i = 0; i < n; i++) {
      const gi = g[i] * s;
      const mi = b1 * m[i] + a1 * gi;
      const vi = b2 * v[i] + a2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = (p[i] - (step * mi) / (Math.sqrt(vi) + eps)) * decay;
    }
  }
}

/** Σ x² over an array, in float64 (the global gradient norm's terms). */
export function sumOfSquares(x: Float32Array): number {
  const addon = nativeStatus().addon;
  return addon?.sumOfSquares ? addon.sumOfSquares(x) : sumOfSquaresLoop(x);
}

/** Σ x² in TypeScript (where the addon is not loaded). */
export function sumOfSquaresLoop(x: Float32Array): number {
  let s0 = 0;
  let s1 = 0;
  const n = x.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += x[i] * x[i];
    s1 += x[i + 1] * x[i + 1];
  }
  if (i < n) s0 += x[i] * x[i];
  return s0 + s1;
}
