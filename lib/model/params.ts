// The variables of one model, keyed by Hugging Face name. Linear weights are kept
// transposed ([in, out]) so every dense layer is a plain 2-D matMul (the fast wasm path); the
// store converts back to PyTorch layout ([out, in]) when exporting. Parameters can be frozen
// (no gradient, no optimizer state) and dense layers can carry LoRA adapters (lora.ts). Frozen
// parameters can be held in 16 bits outside the backend (half-weights.ts, `storeHalf`).
import * as tf from '@tensorflow/tfjs';
import { HalfTensor } from './half-weights';
import type { HalfDtype } from './weights-dtype';
import type { ParamKind, ParamSpec } from './param-spec';

let instanceCounter = 0;

/** A low-rank adapter of one dense layer: y += scale · (x a) b, a [in, r], b [r, out]. */
export interface AdapterPair {
  a: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R2>;
  scale: number;
}

export class ParamStore {
  private readonly variables = new Map<string, tf.Variable>();
  private readonly kinds = new Map<string, ParamKind>();
  private readonly frozen = new Set<string>();
  private readonly adapters = new Map<string, AdapterPair>();
  /** Frozen parameters held in 16 bits instead of a variable (storeHalf). */
  private readonly halves = new Map<string, HalfTensor>();
  /** Prefix making variable names unique per model instance (tfjs names are global). */
  readonly tag = `m${++instanceCounter}`;

  /**
   * Creates variables from HF-layout tensors; with `consume` each source tensor is disposed as soon
   * as its variable exists (loading then needs one extra tensor, not a second copy of the model).
   */
  addAll(specs: ParamSpec[], tensors: Record<string, tf.Tensor>, opts: { consume?: boolean } = {}): void {
    for (const spec of specs) {
      if (!tensors[spec.name] && this.halves.has(spec.name)) continue; // added by addHalf
      const t = tensors[spec.name];
      if (!t) throw new Error(`ParamStore: no tensor for ${spec.name}`);
      const value = spec.kind === 'linear' ? tf.tidy(() => tf.transpose(t)) : t;
      this.variables.get(spec.name)?.dispose();
      this.halves.delete(spec.name);
      this.variables.set(spec.name, tf.variable(value, true, `${this.tag}/${spec.name}`));
      this.kinds.set(spec.name, spec.kind);
      if (value !== t) value.dispose();
      if (opts.consume) t.dispose();
    }
  }

  /** The variable of a declared parameter (typed by its rank), or by HF name. */
  get<R extends tf.Rank>(spec: ParamSpec<R>): tf.Variable<R>;
  get(name: string): tf.Variable;
  get(key: string | ParamSpec): tf.Variable {
    const name = typeof key === 'string' ? key : key.name;
    const v = this.variables.get(name) ?? this.restoreFloat32(name);
    if (!v) throw new Error(`model has no parameter ${name}`);
    return v;
  }

  has(name: string): boolean {
    return this.variables.has(name) || this.halves.has(name);
  }

  /**
   * Holds frozen parameters in 16 bits (rounded once) instead of float32 variables; their memory
   * is freed. Code that reads them through `half()` expands them per use; `get()` turns one back
   * into a float32 variable (of the rounded values). Returns the float32 bytes released.
   */
  storeHalf(names: Iterable<string>, dtype: HalfDtype): number {
    let released = 0;
    for (const n of names) {
      const v = this.variables.get(n);
      if (!v) continue;
      if (!this.frozen.has(n)) throw new Error(`${n} trains: only frozen parameters can be held in ${dtype}`);
      this.halves.set(n, HalfTensor.fromTensor(v, dtype));
      released += 4 * v.size;
      v.dispose();
      this.variables.delete(n);
    }
    return released;
  }

  /** Adds a frozen parameter straight into 16-bit storage from HF-layout values (never a variable). */
  addHalf(spec: ParamSpec, values: Float32Array, shape: number[], dtype: HalfDtype): void {
    this.variables.get(spec.name)?.dispose();
    this.variables.delete(spec.name);
    const h = spec.kind === 'linear' ? HalfTensor.fromMatrixTransposed(values, shape, dtype) : HalfTensor.fromValues(values, shape, dtype);
    this.halves.set(spec.name, h);
    this.kinds.set(spec.name, spec.kind);
    this.frozen.add(spec.name);
  }

  /** The 16-bit copy of a parameter held by storeHalf, if it is one. */
  half(name: string): HalfTensor | undefined {
    return this.halves.get(name);
  }

  /** A 16-bit parameter back as a float32 variable (its rounded values). */
  private restoreFloat32(name: string): tf.Variable | undefined {
    const h = this.halves.get(name);
    if (!h) return undefined;
    const value = h.expand();
    const v = tf.variable(value, true, `${this.tag}/${name}`);
    value.dispose();
    this.halves.delete(name);
    // keep the declared order (exportHf and checkpoints follow it)
    const order = [...this.kinds.keys()];
    const entries = [...this.variables, [name, v] as [string, tf.Variable]];
    this.variables.clear();
    for (const [n, x] of entries.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))) this.variables.set(n, x);
    return v;
  }

  /** HF name of one of our variables (strips the instance tag). */
  hfName(v: tf.Variable): string {
    return v.name.slice(this.tag.length + 1);
  }

  /** All base variables in insertion order (embeddings, layers, head): stable across loads. Parameters
   * held in 16 bits (storeHalf) are not variables and not listed. */
  list(): tf.Variable[] {
    return [...this.variables.values()];
  }

  names(): string[] {
    return [...this.kinds.keys()].filter((n) => this.has(n));
  }

  kindOf(name: string): ParamKind | undefined {
    return this.kinds.get(name);
  }

  /** Marks parameters as frozen: they keep their values and get no gradient or optimizer state. */
  freeze(names: Iterable<string>): void {
    for (const n of names) {
      if (!this.has(n)) throw new Error(`model has no parameter ${n}`);
      this.frozen.add(n);
    }
  }

  isFrozen(name: string): boolean {
    return this.frozen.has(name);
  }

  /** What training updates: unfrozen base variables, then every adapter's a and b. */
  trainable(): tf.Variable[] {
    const base = [...this.variables].filter(([n]) => !this.frozen.has(n)).map(([, v]) => v);
    return [...base, ...[...this.adapters.values()].flatMap((p) => [p.a, p.b])];
  }

  /** The trainable variables among `specs`: unfrozen ones, plus the adapters of their weights. */
  trainableOf(specs: ParamSpec[]): tf.Variable[] {
    const out: tf.Variable[] = [];
    for (const s of specs) {
      if (!this.frozen.has(s.name)) out.push(this.get(s.name));
      const pair = this.adapters.get(s.name);
      if (pair) out.push(pair.a, pair.b);
    }
    return out;
  }

  /** Attaches a LoRA adapter to the dense layer whose weight is `weightName`. */
  setAdapter(weightName: string, pair: AdapterPair): void {
    if (!this.has(weightName)) throw new Error(`model has no parameter ${weightName}`);
    const old = this.adapters.get(weightName);
    if (old) tf.dispose([old.a, old.b]);
    this.adapters.set(weightName, pair);
  }

  adapter(weightName: string): AdapterPair | undefined {
    return this.adapters.get(weightName);
  }

  /** Removes (and frees) every adapter. */
  clearAdapters(): void {
    for (const p of this.adapters.values()) tf.dispose([p.a, p.b]);
    this.adapters.clear();
  }

  /** Adapters keyed by the adapted weight's HF name. */
  adapterEntries(): [string, AdapterPair][] {
    return [...this.adapters];
  }

  /** The weight as the model computes with it: W, plus scale·A B when an adapter is attached. */
  private effective(name: string, v: tf.Tensor): tf.Tensor {
    const pair = this.adapters.get(name);
    return pair ? tf.add(v, tf.mul(tf.matMul(pair.a, pair.b), pair.scale)) : v;
  }

  /** Copies in HF layout, keyed by HF name, adapters merged in; the caller disposes them. */
  exportHf(): Record<string, tf.Tensor> {
    const out: Record<string, tf.Tensor> = {};
    for (const name of this.names()) {
      const v = this.variables.get(name) ?? this.halves.get(name)!.expand();
      out[name] = tf.tidy(() => (this.kinds.get(name) === 'linear' ? tf.transpose(this.effective(name, v)) : v.clone()));
      if (!this.variables.has(name)) v.dispose();
    }
    return out;
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
    for (const p of this.adapters.values()) tf.dispose([p.a, p.b]);
    this.variables.clear();
    this.halves.clear();
    this.adapters.clear();
    this.frozen.clear();
  }
}
