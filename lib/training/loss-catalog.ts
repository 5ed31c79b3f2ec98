// What the training config needs to know about losses, asked of lib/losses in one place.
// TEMPORARY: until lib/losses/index.ts lands, a provisional list stands in (replaced by
// LOSS_NAMES / PROXY_LOSSES / resolveLossParams from lib/losses).

export const TRAIN_LOSS_NAMES: readonly string[] = ['ce', 'soft-triple', 'proxy-anchor', 'proxy-nca', 'supcon', 'npairs', 'triplet', 'contrastive', 'multi-similarity', 'ntxent', 'arcface', 'cosface'];
const PROXY: readonly string[] = ['soft-triple', 'proxy-anchor', 'proxy-nca', 'arcface', 'cosface'];

export type LossParamPreset = 'authors' | 'pml';

export function isTrainLoss(name: string): boolean {
  return TRAIN_LOSS_NAMES.includes(name);
}

/** Losses with class proxies/centres (proxy-based inference and a proxy learning rate apply). */
export function isProxyLoss(name: string): boolean {
  return PROXY.includes(name);
}

/** Problems with hyper-parameter overrides of a loss (unknown names, bad values). */
export function lossParamProblems(_name: string, _preset: LossParamPreset, _params: Record<string, unknown>): string[] {
  return [];
}

/** The loss's hyper-parameters after its preset and the overrides. */
export function resolvedLossParams(_name: string, _preset: LossParamPreset, params: Record<string, unknown>): Record<string, unknown> {
  return { ...params };
}
