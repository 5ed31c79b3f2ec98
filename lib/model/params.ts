// The trainable variables of one model, keyed by Hugging Face name. Linear weights are kept
// transposed ([in, out]) so every dense layer is a plain 2-D matMul (the fast wasm path); the
// store converts back to PyTorch layout ([out, in]) when exporting.
import * as tf from '@tensorflow/tfjs';
import type { ParamSpec } from './weight-names';

let instanceCounter = 0;

export class ParamStore {
  private readonly variables = new Map<string, tf.Variable>();
  private readonly kinds = new Map<string, ParamSpec['kind']>();
  /** Prefix making variable names unique per model instance (tfjs names are global). */
  readonly tag = `m${++instanceCounter}`;

  /** Creates variables from HF-layout tensors (not disposed here). */
  addAll(specs: ParamSpec[], tensors: Record<string, tf.Tensor>): void {
    for (const spec of specs) {
      const t = tensors[spec.name];
      if (!t) throw new Error(`ParamStore: no tensor for ${spec.name}`);
      const value = spec.kind === 'linear' ? tf.tidy(() => tf.transpose(t)) : t;
      this.variables.get(spec.name)?.dispose();
      this.variables.set(spec.name, tf.variable(value, true, `${this.tag}/${spec.name}`));
      this.kinds.set(spec.name, spec.kind);
      if (value !== t) value.dispose();
    }
  }

  get(name: string): tf.Variable {
    const v = this.variables.get(name);
    if (!v) throw new Error(`model has no parameter ${name}`);
    return v;
  }

  has(name: string): boolean {
    return this.variables.has(name);
  }

  /** HF name of one of our variables (strips the instance tag). */
  hfName(v: tf.Variable): string {
    return v.name.slice(this.tag.length + 1);
  }

  /** All variables in insertion order (embeddings, layers, head): stable across loads. */
  list(): tf.Variable[] {
    return [...this.variables.values()];
  }

  names(): string[] {
    return [...this.variables.keys()];
  }

  /** Copies in HF layout, keyed by HF name; the caller disposes them. */
  exportHf(): Record<string, tf.Tensor> {
    const out: Record<string, tf.Tensor> = {};
    for (const [name, v] of this.variables) out[name] = tf.tidy(() => (this.kinds.get(name) === 'linear' ? tf.transpose(v) : v.clone()));
    return out;
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
    this.variables.clear();
  }
}
