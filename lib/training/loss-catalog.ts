// What the training config needs to know about losses, asked of lib/losses in one place:
// 'ce' (cross-entropy only) plus every DML loss of the library.
// tfjs-free imports only: the web form validates configs through this module
import { lossParamProblems as libraryProblems, resolveLossParams, type LossPreset } from '../losses/hyperparams';
import { isLossName, isProxyLoss as isProxy, LOSS_NAMES } from '../losses/types';

export const TRAIN_LOSS_NAMES: readonly string[] = ['ce', ...LOSS_NAMES];

export type LossParamPreset = LossPreset;

export function isTrainLoss(name: string): boolean {
  return name === 'ce' || isLossName(name);
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
