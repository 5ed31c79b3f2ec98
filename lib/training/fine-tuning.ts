// Which parameters a run trains (parameter-efficient fine-tuning): `trainLayers` k freezes the
// embeddings and all but the top k layers; LoRA (Hu et al. 2021, arXiv 2106.09685) freezes the whole
// encoder and adds rank-r adapters to `loraTargets` in the trained layers (all, or the top k).
// The classification head always trains. Frozen parameters get no gradient and no AdamW state.
import path from 'node:path';
import { UserError } from '../errors';
import type { Classifier } from '../model/classifier';
import { saveLoraAdapter } from '../model/lora-files';
import { encoderParams } from '../model/encoder';
import { attachLora, DEFAULT_LORA_TARGETS, loraParamCount, type LoraSettings, type LoraTarget } from '../model/lora';
import { flattenParams } from '../model/param-spec';
import type { ParamStore } from '../model/params';
import type { EncoderConfig } from '../model/types';
import { deriveSeed } from '../util/random';

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
  if (c.trainLayers !== undefined && c.trainLayers > L) throw new UserError(`--train-layers ${c.trainLayers} is more than the model's ${L} layers; give 0-${L}`);
  const k = c.trainLayers ?? L;
  const layers = Array.from({ length: k }, (_, i) => L - k + i);
  const lora = c.loraRank ? { rank: c.loraRank, alpha: c.loraAlpha ?? c.loraRank, targets: c.loraTargets ?? DEFAULT_LORA_TARGETS } : undefined;
  return { layers, embeddingsTrain: c.trainLayers === undefined && !lora, lora };
}

/** True when the plan is plain full fine-tuning. */
export function isFullFineTuning(plan: FineTunePlan, config: EncoderConfig): boolean {
  return plan.embeddingsTrain && !plan.lora && plan.layers.length === config.num_hidden_layers;
}

/** Trainable parameter count of the encoder under the plan (the head is added by the caller). */
export function trainedEncoderParams(config: EncoderConfig, plan: FineTunePlan): number {
  const size = (tree: Parameters<typeof flattenParams>[0]) => flattenParams(tree).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  const declared = encoderParams(config);
  if (plan.lora) return loraParamCount(config, plan.lora, plan.layers);
  return (plan.embeddingsTrain ? size(declared.embeddings) : 0) + plan.layers.reduce((n, i) => n + size(declared.layers[i]), 0);
}

/** Freezes and attaches adapters on a loaded model's parameters as the plan says. */
export function applyFineTunePlan(params: ParamStore, config: EncoderConfig, plan: FineTunePlan, seed: number): void {
  if (isFullFineTuning(plan, config)) return;
  const declared = encoderParams(config);
  const trained = new Set(plan.layers);
  const frozen = [...flattenParams(declared.embeddings), ...declared.layers.flatMap((l, i) => (plan.lora || !trained.has(i) ? flattenParams(l) : []))];
  params.freeze(frozen.map((s) => s.name));
  if (plan.lora) attachLora(params, config, plan.lora, plan.layers, deriveSeed(seed, 'lora'));
}

/**
 * Writes the trained model: a plain HF checkpoint (adapters merged in, so every reader loads it as
 * usual) and, for LoRA, the adapter apart under `<dir>/adapter` (PEFT layout, mergeable into the
 * base model again with `dml-lens model merge-lora`).
 */
export async function saveTrainedModel(model: Classifier, dir: string): Promise<void> {
  const adapters = model.params.adapterEntries();
  if (adapters.length) await saveLoraAdapter(path.join(dir, 'adapter'), model.params, model.config, { scale: adapters[0][1].scale });
  await model.save(dir);
}
