// The shape of a loss's spec: everything about a loss that is not tensor code (name, typed
// hyper-parameters with defaults and ranges, the authors' preset, proxy layout, colour), declared
// next to its implementation in lib/losses/<loss>.ts. tfjs-free: the web form and config validation
// read the specs through catalog.generated.ts. docs/losses.md, "Adding a loss".
import { DISTANCE_NAMES } from './distance-names';
import type { HyperValue, LossContext, LossParams, MetricLoss } from './types';

export type HyperKind = 'number' | 'integer' | 'boolean' | 'choice' | 'all-or-integer';

export interface HyperParamSpec {
  name: string;
  /** pytorch-metric-learning's default (sentence-transformers' for batch-all-triplet). */
  default: HyperValue;
  description: string;
  kind: HyperKind;
  choices?: readonly string[];
  /** Inclusive lower bound, or exclusive when minExclusive. */
  min?: number;
  minExclusive?: boolean;
  max?: number;
}

/** One hyper-parameter as declared in a spec (its name is the key it is declared under). */
export type HyperDecl = Omit<HyperParamSpec, 'name'>;

/** The Okabe-Ito colour names of lib/ui/palette.ts. */
export type ColourKey = 'blue' | 'vermillion' | 'bluish-green' | 'reddish-purple' | 'orange' | 'sky-blue' | 'yellow' | 'black';

/** A rule between two hyper-parameters: when `when` is above a value, `need` must be at least one. */
export interface HyperRule {
  when: { param: string; above: number };
  need: { param: string; atLeast: number };
}

/** Where a loss keeps its class proxies/centres: W [D, C·K] (columns) or P [C·K, D] (rows). */
export interface ProxyLayout {
  layout: 'columns' | 'rows';
  /** The hyper-parameter giving K, the proxies per class (1 without). */
  perClassParam?: string;
}

export interface LossSpec {
  name: string;
  /** One line for CLI help and docs: the loss and where it comes from. */
  summary: string;
  /** Position in lists (CLI help, form, error messages): the paper's proxy losses first. */
  order: number;
  hyper: Readonly<Record<string, HyperDecl>>;
  /** The authors' values where their code sets them (docs/paper.md §1.6); the rest keeps PML's. */
  authors?: Readonly<Record<string, HyperValue>>;
  rules?: readonly HyperRule[];
  /** Present for losses with class proxies/centres (they have getLogits). */
  proxies?: ProxyLayout;
  colour: ColourKey;
}

/** The value type of one declared hyper-parameter. */
type ValueOf<D> = D extends { kind: 'boolean' }
  ? boolean
  : D extends { kind: 'choice'; choices: readonly (infer C)[] }
    ? C
    : D extends { kind: 'all-or-integer' }
      ? 'all' | number
      : number;

/** The resolved, typed hyper-parameters of a spec: `ParamsOf<typeof spec>`. */
export type ParamsOf<S extends { hyper: Readonly<Record<string, HyperDecl>> }> = {
  -readonly [K in keyof S['hyper']]: ValueOf<S['hyper'][K]>;
};

/** Checks a spec's shape and keeps its literal types (for ParamsOf). */
export function defineLossSpec<const S extends LossSpec>(spec: S): S {
  return spec;
}

// Declaration helpers for the hyper-parameters of a spec.
interface Range {
  min?: number;
  minExclusive?: boolean;
  max?: number;
}
export const num = (def: number, description: string, range: Range = {}) => ({
  kind: 'number' as const,
  default: def,
  description,
  ...range,
});
export const int = (def: number, description: string, min: number) => ({ kind: 'integer' as const, default: def, description, min });
export const bool = (def: boolean, description: string) => ({ kind: 'boolean' as const, default: def, description });
export const allOrInt = (description: string, min: number) => ({
  kind: 'all-or-integer' as const,
  default: 'all' as const,
  description,
  min,
});

/** The distances of pair losses (raw-euclidean is batch-all-triplet's own). */
export const PAIR_DISTANCES = [
  'euclidean',
  'squared-euclidean',
  'cosine',
  'dot',
] as const satisfies readonly (typeof DISTANCE_NAMES)[number][];

export const distance = <const D extends (typeof PAIR_DISTANCES)[number]>(def: D) => ({
  kind: 'choice' as const,
  default: def,
  description: 'distance between embeddings (euclidean and squared-euclidean L2-normalise first)',
  choices: PAIR_DISTANCES,
});

/** A loss as the registry holds it: its spec and its factory (registry.generated.ts lists them). */
export interface RegisteredLoss {
  spec: LossSpec;
  create(ctx: LossContext, params: LossParams): MetricLoss;
}

/** Pairs a spec with its implementation; the one place where resolved parameters get the spec's types
 *  (resolveLossParams has checked and coerced every one of them against this very spec). */
export function defineLoss<S extends LossSpec>(spec: S, create: (ctx: LossContext, params: ParamsOf<S>) => MetricLoss): RegisteredLoss {
  return { spec, create: (ctx, params) => create(ctx, params as ParamsOf<S>) };
}
