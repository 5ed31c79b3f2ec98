// Hyper-parameters of every loss, derived from the specs in lib/losses/<loss>.ts: names (camelCase
// of pytorch-metric-learning's), PML defaults, the authors' preset (docs/paper.md §1.6), and the
// validation shared by createLoss, the CLI and the web form. tfjs-free.
import { ConfigError } from '../errors';
import { LOSS_SPECS } from './catalog.generated';
import type { HyperParamSpec, LossSpec } from './spec';
import { LOSS_NAMES, isLossName, type HyperValue, type LossName, type LossParams } from './types';

export type { HyperKind, HyperParamSpec } from './spec';

const SPECS = Object.fromEntries(LOSS_SPECS.map((s) => [s.name, s as LossSpec])) as Record<LossName, LossSpec>;

/** The spec of a loss (its summary, hyper-parameters, presets, proxies and colour). */
export function lossSpec(name: LossName): LossSpec {
  return SPECS[name];
}

export const LOSS_HYPERPARAMS: Record<LossName, HyperParamSpec[]> = Object.fromEntries(
  LOSS_SPECS.map((s) => [s.name, Object.entries(s.hyper as LossSpec['hyper']).map(([name, decl]) => ({ name, ...decl }))]),
) as Record<LossName, HyperParamSpec[]>;

export type LossPreset = 'pml' | 'authors';
export const LOSS_PRESETS: readonly LossPreset[] = ['pml', 'authors'];

function presetValues(name: LossName, preset: LossPreset): LossParams {
  const defaults = Object.fromEntries(LOSS_HYPERPARAMS[name].map((p) => [p.name, p.default]));
  return preset === 'authors' ? { ...defaults, ...SPECS[name].authors } : defaults;
}

/**
 * `pml`: pytorch-metric-learning's defaults. `authors`: the CLI defaults of the authors' code
 * (docs/paper.md §1.6) where a spec declares them; losses they did not use keep PML's defaults.
 */
export const PRESETS: Record<LossPreset, Record<LossName, LossParams>> = Object.fromEntries(
  LOSS_PRESETS.map((preset) => [preset, Object.fromEntries(LOSS_NAMES.map((n) => [n, presetValues(n, preset)]))]),
) as Record<LossPreset, Record<LossName, LossParams>>;

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
  if (problems.length === 0) {
    const merged: Record<string, unknown> = { ...(PRESETS[preset]?.[name] ?? {}), ...overrides };
    for (const { when, need } of SPECS[name].rules ?? []) {
      if (Number(merged[when.param]) > when.above && Number(merged[need.param]) < need.atLeast) {
        problems.push(`loss "${name}": ${when.param} > ${when.above} needs ${need.param} >= ${need.atLeast}`);
      }
    }
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
