// Which parameters a run trains, as plain data (no tfjs: the memory budget and the new-run page's
// estimate read it): `trainLayers` k trains the top k layers, embeddings frozen; LoRA (Hu et al.
// 2021, arXiv 2106.09685 §4) freezes the whole encoder and adds rank-r adapters to `loraTargets`
// in the trained layers (all, or the top k). The classification head always trains.
import { UserError } from '../errors';
import { DEFAULT_LORA_TARGETS, type LoraSettings, type LoraTarget } from '../model/lora-targets';
import type { EncoderConfig } from '../model/types';

/** The fine-tuning keys of the train config (config.ts). */
export interface FineTuneConfig {
  trainLayers?: number;
  loraRank?: number;
  loraAlpha?: number;
  loraTargets?: LoraTarget[];
}

export interface FineTunePlan {
  /** Indices of the layers that train (fully, or through adapters). */
  layers: number[];
  embeddingsTrain: boolean;
  lora?: LoraSettings;
}

export function fineTunePlan(config: EncoderConfig, c: FineTuneConfig): FineTunePlan {
  const L = config.num_hidden_layers;
  if (c.trainLayers !== undefined && c.trainLayers > L)
    throw new UserError(`--train-layers ${c.trainLayers} is more than the model's ${L} layers; give 0-${L}`);
  const k = c.trainLayers ?? L;
  const layers = Array.from({ length: k }, (_, i) => L - k + i);
  const lora = c.loraRank
    ? { rank: c.loraRank, alpha: c.loraAlpha ?? c.loraRank, targets: c.loraTargets ?? DEFAULT_LORA_TARGETS }
    : undefined;
  return { layers, embeddingsTrain: c.trainLayers === undefined && !lora, lora };
}

/** True when the plan is plain full fine-tuning. */
export function isFullFineTuning(plan: FineTunePlan, config: EncoderConfig): boolean {
  return plan.embeddingsTrain && !plan.lora && plan.layers.length === config.num_hidden_layers;
}

/** [in, out] of a LoRA target's dense layer. */
export function loraTargetDims(config: EncoderConfig, target: LoraTarget): [number, number] {
  const D = config.hidden_size;
  const I = config.intermediate_size;
  return target === 'intermediate' ? [D, I] : target === 'output' ? [I, D] : [D, D];
}

/** Trainable parameter count of the encoder under the plan (the head is added by the caller). */
export function trainedEncoderParams(config: EncoderConfig, plan: FineTunePlan): number {
  const D = config.hidden_size;
  const I = config.intermediate_size;
  if (plan.lora) {
    const perLayer = plan.lora.targets.reduce((n, t) => n + plan.lora!.rank * loraTargetDims(config, t).reduce((a, b) => a + b, 0), 0);
    return perLayer * plan.layers.length;
  }
  const layer = 4 * (D * D + D) + 2 * D + (D * I + I) + (I * D + D) + 2 * D;
  const embeddings = (config.vocab_size + config.max_position_embeddings + config.type_vocab_size) * D + 2 * D;
  return (plan.embeddingsTrain ? embeddings : 0) + plan.layers.length * layer;
}
