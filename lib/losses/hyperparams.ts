// Hyper-parameters of every loss: names (camelCase of pytorch-metric-learning's), PML defaults,
// the authors' defaults (PAPER.md §1.6), and validation shared by createLoss, the CLI and the web form.
import { ConfigError } from '../errors';
import { DISTANCE_NAMES } from './distance-names';
import { LOSS_NAMES, isLossName, type HyperValue, type LossName, type LossParams } from './types';

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

const num = (name: string, def: number, description: string, min?: number, minExclusive = false): HyperParamSpec => ({ name, default: def, description, kind: 'number', min, minExclusive });
const int = (name: string, def: number, description: string, min: number): HyperParamSpec => ({ name, default: def, description, kind: 'integer', min });
const bool = (name: string, def: boolean, description: string): HyperParamSpec => ({ name, default: def, description, kind: 'boolean' });
const distance = (def: string, allowed: readonly string[] = DISTANCE_NAMES): HyperParamSpec => ({
  name: 'distance',
  default: def,
  description: 'distance between embeddings (euclidean and squared-euclidean L2-normalise first)',
  kind: 'choice',
  choices: allowed,
});

const PAIR_DISTANCES = ['euclidean', 'squared-euclidean', 'cosine', 'dot'] as const;

export const LOSS_HYPERPARAMS: Record<LossName, HyperParamSpec[]> = {
  'soft-triple': [
    int('centersPerClass', 10, 'K, centers per class', 1),
    num('la', 20, 'lambda, scale of the class logits', 0, true),
    num('gamma', 0.1, 'gamma, temperature of the soft assignment to a class’s centers', 0, true),
    num('margin', 0.01, 'delta, margin subtracted from the true class’s similarity'),
    num('tau', 0, 'weight of the center-merging regulariser (0 = off, as in PML and the authors’ code; needs K > 1)', 0),
  ],
  'proxy-anchor': [num('margin', 0.1, 'delta, margin', undefined), num('alpha', 32, 'alpha, scale', 0, true)],
  'proxy-nca': [num('softmaxScale', 1, 'scale of the negative squared distances before the softmax', 0, true)],
  'triplet-margin': [
    num('margin', 0.05, 'margin m in relu(d_ap − d_an + m)'),
    bool('swap', false, 'use min(d_an, d_pn) as the negative distance'),
    bool('smoothLoss', false, 'softplus instead of relu'),
    { name: 'tripletsPerAnchor', default: 'all', description: '"all" or a number of random triplets per anchor', kind: 'all-or-integer', min: 1 },
    int('maxTriplets', 1 << 20, 'swap / smoothLoss with "all": list at most this many triplets, sample uniformly above', 1),
    distance('euclidean', PAIR_DISTANCES),
  ],
  'batch-all-triplet': [num('margin', 5, 'margin on unnormalised Euclidean distances (sentence-transformers)')],
  contrastive: [num('posMargin', 0, 'positive pairs: relu(d − posMargin)'), num('negMargin', 1, 'negative pairs: relu(negMargin − d)'), distance('euclidean', PAIR_DISTANCES)],
  'multi-similarity': [
    num('alpha', 2, 'weight of positive pairs', 0, true),
    num('beta', 50, 'weight of negative pairs', 0, true),
    num('base', 0.5, 'similarity offset lambda'),
    distance('cosine', PAIR_DISTANCES),
  ],
  ntxent: [num('temperature', 0.07, 'softmax temperature', 0, true), distance('cosine', PAIR_DISTANCES)],
  supcon: [num('temperature', 0.1, 'softmax temperature', 0, true), distance('cosine', PAIR_DISTANCES)],
  npairs: [distance('dot', PAIR_DISTANCES)],
  arcface: [num('marginDegrees', 28.6, 'additive angular margin in degrees', 0), num('scale', 64, 'logit scale s', 0, true)],
  cosface: [num('margin', 0.35, 'additive cosine margin', 0), num('scale', 64, 'logit scale s', 0, true)],
};

export type LossPreset = 'pml' | 'authors';
export const LOSS_PRESETS: readonly LossPreset[] = ['pml', 'authors'];

function pmlDefaults(name: LossName): LossParams {
  return Object.fromEntries(LOSS_HYPERPARAMS[name].map((p) => [p.name, p.default]));
}

/**
 * `pml`: pytorch-metric-learning's defaults. `authors`: the CLI defaults of the authors' code
 * (PAPER.md §1.6): SoftTriple K=5, la=8, gamma=0.1, margin=0.1; ProxyAnchor margin 0.1, alpha 0.1;
 * ProxyNCA scale 1; SupCon temperature 0.1; losses they did not use keep PML's defaults.
 */
export const PRESETS: Record<LossPreset, Record<LossName, LossParams>> = {
  pml: Object.fromEntries(LOSS_NAMES.map((n) => [n, pmlDefaults(n)])) as Record<LossName, LossParams>,
  authors: Object.fromEntries(LOSS_NAMES.map((n) => [n, pmlDefaults(n)])) as Record<LossName, LossParams>,
};
Object.assign(PRESETS.authors['soft-triple'], { centersPerClass: 5, la: 8, gamma: 0.1, margin: 0.1, tau: 0 });
Object.assign(PRESETS.authors['proxy-anchor'], { margin: 0.1, alpha: 0.1 });
Object.assign(PRESETS.authors['proxy-nca'], { softmaxScale: 1 });
Object.assign(PRESETS.authors.supcon, { temperature: 0.1 });

/** A raw value (from a CLI flag or a form: strings allowed) as the spec's type, or an error text. */
export function coerceHyperParam(spec: HyperParamSpec, raw: unknown): { value?: HyperValue; problem?: string } {
  const bad = (what: string) => ({ problem: `${spec.name} must be ${what}, got ${JSON.stringify(raw)}` });
  if (spec.kind === 'boolean') {
    if (typeof raw === 'boolean') return { value: raw };
    if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
    return bad('true or false');
  }
  if (spec.kind === 'choice') {
    return typeof raw === 'string' && spec.choices!.includes(raw) ? { value: raw } : bad(`one of ${spec.choices!.join(', ')}`);
  }
  if (spec.kind === 'all-or-integer' && raw === 'all') return { value: 'all' };
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  const integer = spec.kind !== 'number';
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    return bad(spec.kind === 'all-or-integer' ? '"all" or an integer' : integer ? 'an integer' : 'a finite number');
  }
  if (spec.min !== undefined && (spec.minExclusive ? value <= spec.min : value < spec.min)) {
    return bad(`${spec.minExclusive ? '>' : '>='} ${spec.min}`);
  }
  if (spec.max !== undefined && value > spec.max) return bad(`<= ${spec.max}`);
  return { value };
}

function unknownLoss(name: string): string {
  return `unknown loss "${name}"; valid: ${LOSS_NAMES.join(', ')}`;
}

/** Problems with overrides of a loss's hyper-parameters (unknown names, bad values, bad
 *  combinations with the preset's values); empty when they are fine. */
export function lossParamProblems(name: string, overrides: Record<string, unknown>, preset: LossPreset = 'pml'): string[] {
  if (!isLossName(name)) return [unknownLoss(name)];
  const specs = LOSS_HYPERPARAMS[name];
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(overrides)) {
    const spec = specs.find((s) => s.name === key);
    if (!spec) {
      const valid = specs.length ? specs.map((s) => s.name).join(', ') : '(none)';
      problems.push(`loss "${name}" has no hyper-parameter "${key}"; valid: ${valid}`);
      continue;
    }
    const { problem } = coerceHyperParam(spec, raw);
    if (problem) problems.push(`loss "${name}": ${problem}`);
  }
  if (name === 'soft-triple' && problems.length === 0) {
    const merged: Record<string, unknown> = { ...(PRESETS[preset]?.[name] ?? {}), ...overrides };
    if (Number(merged.tau) > 0 && Number(merged.centersPerClass) < 2) problems.push('loss "soft-triple": tau > 0 needs centersPerClass >= 2');
  }
  return problems;
}

/** Full hyper-parameters: the preset's values, then the overrides (coerced). Throws ConfigError. */
export function resolveLossParams(name: string, preset: LossPreset = 'pml', overrides: Record<string, unknown> = {}): LossParams {
  if (!isLossName(name)) throw new ConfigError([unknownLoss(name)], 'loss');
  if (!LOSS_PRESETS.includes(preset)) throw new ConfigError([`unknown loss preset "${preset}"; valid: ${LOSS_PRESETS.join(', ')}`], 'loss');
  const merged: Record<string, unknown> = { ...PRESETS[preset][name], ...overrides };
  const problems = lossParamProblems(name, merged, preset);
  if (problems.length) throw new ConfigError(problems, `${name} loss options`);
  const out: LossParams = {};
  for (const spec of LOSS_HYPERPARAMS[name]) out[spec.name] = coerceHyperParam(spec, merged[spec.name]).value!;
  return out;
}
