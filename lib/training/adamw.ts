// AdamW with decoupled weight decay (Loshchilov & Hutter 2019, arXiv 1711.05101).
// 'torch' (default) follows torch.optim.AdamW, step t:
//   p ← p − lr·wd·p;  m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²
//   p ← p − (lr / (1−β1^t)) · m / (√v / √(1−β2^t) + ε)
// 'transformers' follows transformers.AdamW(correct_bias=True), the optimiser of the paper's code
// (docs/paper.md §1.6): ε is added before the bias correction and the decay comes after the step:
//   p ← p − lr·√(1−β2^t)/(1−β1^t) · m / (√v + ε);  p ← p − lr·wd·p
import * as tf from '@tensorflow/tfjs';
import { adamwInPlace } from '../backend/heap-adamw';
import { nativeProductsActive } from '../backend/native-kernels';
import { heapView, heapViewsAvailable, ownHeapMemory } from '../backend/heap-views';

export interface AdamWOptions {
  beta1?: number; // default 0.9
  beta2?: number; // default 0.999
  eps?: number; // default 1e-8 (torch and the paper's --eps)
  weightDecay?: number; // default 0.01 (torch and the paper)
  /** True for variables that get no weight decay (e.g. biases and LayerNorm). Default: none excluded. */
  excludeFromWeightDecay?: (v: tf.Variable) => boolean;
  /** Update rule; see the header. Default 'torch'. */
  style?: 'torch' | 'transformers';
}

interface Slot {
  variable: tf.Variable;
  m: tf.Variable;
  v: tf.Variable;
  decay: boolean;
}

export class AdamW {
  private readonly slots = new Map<string, Slot>();
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;
  private readonly style: 'torch' | 'transformers';
  /** Steps taken (t in the formulas). */
  step = 0;

  constructor(variables: tf.Variable[], opts: AdamWOptions = {}) {
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0.01;
    this.style = opts.style ?? 'torch';
    for (const variable of variables) {
      if (this.slots.has(variable.name)) throw new Error(`AdamW: variable ${variable.name} given twice`);
      this.slots.set(variable.name, {
        variable,
        // inside tidy: the zeros tensor is released once the variable holds the data
        m: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
        v: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
        decay: !(opts.excludeFromWeightDecay?.(variable) ?? false),
      });
    }
  }

  /**
   * One step. `grads` is keyed by variable.name (as tf.variableGrads returns); variables without
   * a gradient are left untouched (their moments too), as torch skips params whose grad is None.
   * `lr` may be a function of the variable (per-group learning rates). `gradScale` multiplies every
   * gradient first (global-norm clipping without a scaled copy). Does not dispose `grads`.
   * On wasm each variable is updated in place in one pass (lib/backend/heap-adamw.ts).
   */
  applyGradients(grads: tf.NamedTensorMap, lr: number | ((v: tf.Variable) => number), gradScale = 1): void {
    for (const name of Object.keys(grads)) if (!this.slots.has(name)) throw new Error(`AdamW: gradient for unknown variable ${name}`);
    this.step++;
    const t = this.step;
    const bc1 = 1 - this.beta1 ** t;
    const bc2 = 1 - this.beta2 ** t;
    for (const slot of this.slots.values()) {
      const g = grads[slot.variable.name];
      if (!g) continue;
      const rate = typeof lr === 'number' ? lr : lr(slot.variable);
      const wd = slot.decay ? this.weightDecay : 0;
      if (!this.updateInPlace(slot, g, { lr: rate, weightDecay: wd, bc1, bc2, gradScale })) {
        const scaled = gradScale === 1 ? g : tf.mul(g, gradScale);
        this.updateSlot(slot, scaled, rate, wd, bc1, bc2);
        if (scaled !== g) scaled.dispose();
      }
    }
  }

  /** The one-pass update on the wasm heap; false (nothing done) where tensors are not there. */
  private updateInPlace(
    slot: Slot,
    g: tf.Tensor,
    c: { lr: number; weightDecay: number; bc1: number; bc2: number; gradScale: number },
  ): boolean {
    // Only where our native kernels compute the products: tfjs-wasm's own matMul hands the weights to
    // XNNPACK, which packs them once per tensor and reuses the packed copy, so a weight changed in
    // place (same tensor) would go on being multiplied with its old values.
    if (!heapViewsAvailable() || !nativeProductsActive() || g.dtype !== 'float32') return false;
    if (![slot.variable, slot.m, slot.v].every(ownHeapMemory)) return false;
    const [p, m, v, grad] = [slot.variable, slot.m, slot.v, g].map(heapView);
    if (!p || !m || !v || !grad) return false;
    adamwInPlace(p, m, v, grad, { beta1: this.beta1, beta2: this.beta2, eps: this.eps, style: this.style, ...c });
    return true;
  }

  /**
   * One variable's update, each formula's intermediates freed as soon as they are used, so the
   * transient memory is ~3 copies of the variable (a single tidy kept ~12: 1.8 GB for RoBERTa's
   * word embeddings, which pushed the wasm heap past its 4 GiB ceiling).
   */
  private updateSlot(slot: Slot, g: tf.Tensor, rate: number, wd: number, bc1: number, bc2: number): void {
    const then = (t: tf.Tensor, f: (x: tf.Tensor) => tf.Tensor): tf.Tensor => {
      const r = f(t);
      t.dispose();
      return r;
    };
    const replace = (target: tf.Variable, value: tf.Tensor) => {
      target.assign(value);
      value.dispose();
    };
    replace(
      slot.m,
      tf.tidy(() => tf.add(tf.mul(slot.m, this.beta1), tf.mul(g, 1 - this.beta1))),
    );
    replace(
      slot.v,
      tf.tidy(() => tf.add(tf.mul(slot.v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2))),
    );
    let step: tf.Tensor;
    if (this.style === 'torch') {
      const denom = then(
        then(tf.sqrt(slot.v), (d) => tf.div(d, Math.sqrt(bc2))),
        (d) => tf.add(d, this.eps),
      );
      step = then(
        then(denom, (d) => tf.div(slot.m, d)),
        (u) => tf.mul(u, rate / bc1),
      );
      const decayed = wd ? tf.mul(slot.variable, 1 - rate * wd) : slot.variable;
      const next = tf.sub(decayed, step);
      if (decayed !== slot.variable) decayed.dispose();
      step.dispose();
      replace(slot.variable, next);
    } else {
      const denom = then(tf.sqrt(slot.v), (d) => tf.add(d, this.eps));
      step = then(
        then(denom, (d) => tf.div(slot.m, d)),
        (u) => tf.mul(u, (rate * Math.sqrt(bc2)) / bc1),
      );
      let next = tf.sub(slot.variable, step);
      step.dispose();
      if (wd) next = then(next, (p) => tf.mul(p, 1 - rate * wd));
      replace(slot.variable, next);
    }
  }

  /** Moment estimates keyed by `<key(variable)>/m|v`, plus the step, for resumable checkpoints. */
  exportState(key: (v: tf.Variable) => string = (v) => v.name): { step: number; tensors: Record<string, tf.Tensor> } {
    const tensors: Record<string, tf.Tensor> = {};
    for (const slot of this.slots.values()) {
      tensors[`${key(slot.variable)}/m`] = slot.m;
      tensors[`${key(slot.variable)}/v`] = slot.v;
    }
    return { step: this.step, tensors };
  }

  /** Restores what exportState wrote (same key function); unknown or missing entries are errors. */
  importState(state: { step: number; tensors: Record<string, tf.Tensor> }, key: (v: tf.Variable) => string = (v) => v.name): void {
    for (const slot of this.slots.values()) {
      for (const which of ['m', 'v'] as const) {
        const t = state.tensors[`${key(slot.variable)}/${which}`];
        if (!t) throw new Error(`optimizer state has no ${which} for ${key(slot.variable)}`);
        slot[which].assign(t);
      }
    }
    this.step = state.step;
  }

  /** Frees the moment estimates (not the model's variables). */
  dispose(): void {
    for (const slot of this.slots.values()) {
      slot.m.dispose();
      slot.v.dispose();
    }
    this.slots.clear();
  }
}

/** HF's usual no-decay rule (biases and LayerNorm weights), for `excludeFromWeightDecay`. */
export function isBiasOrLayerNorm(v: tf.Variable): boolean {
  return v.name.endsWith('.bias') || v.name.includes('LayerNorm.');
}
