// What the training config needs to know about losses, asked of lib/losses in one place:
// 'ce' (cross-entropy only) plus every DML loss of the library.
// tfjs-free imports only: the web form validates configs through this module
import {
  LOSS_HYPERPARAMS,
  LOSS_PRESETS,
  lossParamProblems as libraryProblems,
  lossSpec,
  resolveLossParams,
  type LossPreset,
} from '../losses/hyperparams';
import { isLossName, isProxyLoss as isProxy, LOSS_NAMES, type LossName } from '../losses/types';

export type TrainLossName = 'ce' | LossName;
export const TRAIN_LOSS_NAMES: readonly TrainLossName[] = ['ce', ...LOSS_NAMES];

export type LossParamPreset = LossPreset;
export const LOSS_PARAM_PRESETS: readonly LossParamPreset[] = LOSS_PRESETS;

export function isTrainLoss(name: string): name is TrainLossName {
  return name === 'ce' || isLossName(name);
}

/** Help lines of every loss: name, summary, and its hyper-parameters with PML's defaults. */
export function lossHelpLines(): string[] {
  const lines = ['ce'.padEnd(20) + 'cross-entropy only (no DML term, no hyper-parameters)'];
  for (const name of LOSS_NAMES) {
    lines.push(`${name.padEnd(20)}${lossSpec(name).summary}`);
    const params = LOSS_HYPERPARAMS[name].map((p) => `${p.name}=${String(p.default)}`).join(' ');
    if (params) lines.push(`${''.padEnd(22)}${params}`);
  }
  return lines;
}

/** Losses with class proxies/centres (proxy-based inference and a proxy learning rate apply). */
export function isProxyLoss(name: string): boolean {
  return isProxy(name);
}

/** Problems with hyper-parameter overrides of a loss (unknown names, bad values). */
export function lossParamProblems(name: string, preset: LossParamPreset, params: Record<string, unknown>): string[] {
  if (name === 'ce') return Object.keys(params).length ? ['loss "ce" has no hyper-parameters'] : [];
  return libraryProblems(name, params, preset);
}

/** The loss's hyper-parameters after its preset and the overrides ({} for 'ce'). */
export function resolvedLossParams(name: string, preset: LossParamPreset, params: Record<string, unknown>): Record<string, unknown> {
  return name === 'ce' ? {} : resolveLossParams(name, preset, params);
}
