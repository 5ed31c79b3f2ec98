// Parameter declarations of the encoder modules: each module (embeddings.ts, attention.ts,
// feed-forward.ts, heads.ts) declares its tensors once, as typed handles carrying the Hugging Face
// name, the PyTorch-layout shape and the init kind; the full checkpoint name list
// (weight-names.ts) is derived from these declarations, never restated.
import type * as tf from '@tensorflow/tfjs';

export type ParamKind = 'linear' | 'embedding' | 'norm-weight' | 'bias';

/** One tensor of a checkpoint; `R` is its rank (phantom type for typed access in ParamStore). */
export interface ParamSpec<R extends tf.Rank = tf.Rank> {
  name: string;
  shape: number[];
  kind: ParamKind;
  /** Phantom: never set, only carries the rank for ParamStore.get. */
  readonly rank?: R;
}

/** nn.Linear: weight [out, in] in HF layout (stored [in, out] by ParamStore), bias [out]. */
export type LinearParams = {
  weight: ParamSpec<tf.Rank.R2>;
  bias: ParamSpec<tf.Rank.R1>;
};

/** nn.LayerNorm: weight (γ) and bias (β), both [d]. */
export type NormParams = {
  weight: ParamSpec<tf.Rank.R1>;
  bias: ParamSpec<tf.Rank.R1>;
};

export function linearParams(name: string, out: number, inp: number): LinearParams {
  return {
    weight: { name: `${name}.weight`, shape: [out, inp], kind: 'linear' },
    bias: { name: `${name}.bias`, shape: [out], kind: 'bias' },
  };
}

export function normParams(name: string, d: number): NormParams {
  return { weight: { name: `${name}.weight`, shape: [d], kind: 'norm-weight' }, bias: { name: `${name}.bias`, shape: [d], kind: 'bias' } };
}

export function embeddingParam(name: string, rows: number, d: number): ParamSpec<tf.Rank.R2> {
  return { name: `${name}.weight`, shape: [rows, d], kind: 'embedding' };
}

/** A module's declaration: specs, nested records and arrays of them. */
export type ParamTree = ParamSpec | ParamTree[] | { [key: string]: ParamTree };

function isSpec(node: ParamTree): node is ParamSpec {
  return typeof (node as ParamSpec).name === 'string' && Array.isArray((node as ParamSpec).shape);
}

/** Every spec of a declaration, in declaration order (the order of checkpoints and of ParamStore). */
export function flattenParams(tree: ParamTree): ParamSpec[] {
  if (isSpec(tree)) return [tree];
  const children = Array.isArray(tree) ? tree : Object.values(tree);
  return children.flatMap(flattenParams);
}
