// A fine-tuning plan (fine-tune-plan.ts) applied to a loaded model: frozen parameters get no
// gradient and no AdamW state; LoRA adapters attached; the trained model saved (adapters merged,
// and apart in PEFT layout).
import path from 'node:path';
import type { Classifier, LoadClassifierOptions } from '../model/classifier';
import { saveLoraAdapter } from '../model/lora-files';
import { encoderParams } from '../model/checkpoint-layout';
import { attachLora } from '../model/lora';
import { flattenParams, type ParamSpec } from '../model/param-spec';
import type { ParamStore } from '../model/params';
import type { EncoderConfig } from '../model/types';
import { UserError } from '../errors';
import type { WeightsDtype } from '../model/weights-dtype';
import { deriveSeed } from '../util/random';
import { fineTunePlan, isFullFineTuning, type FineTuneConfig, type FineTunePlan } from './fine-tune-plan';

export { fineTunePlan, type FineTuneConfig };

/**
 * Freezes and attaches adapters on a loaded model's parameters as the plan says; with a 16-bit
 * `weightsDtype`, the frozen matrices (dense weights, embedding tables) are then held in 16 bits.
 */
export function applyFineTunePlan(
  params: ParamStore,
  config: EncoderConfig,
  plan: FineTunePlan,
  seed: number,
  weightsDtype?: WeightsDtype,
): void {
  if (isFullFineTuning(plan, config)) {
    if (weightsDtype && weightsDtype !== 'float32')
      throw new UserError(
        `--weights-dtype ${weightsDtype} holds frozen weights, and full fine-tuning freezes none; add --lora-rank or --train-layers`,
      );
    return;
  }
  const frozen = frozenParams(config, plan);
  params.freeze(frozen.map((s) => s.name));
  if (plan.lora) attachLora(params, config, plan.lora, plan.layers, deriveSeed(seed, 'lora'));
  if (weightsDtype && weightsDtype !== 'float32') params.storeHalf(halfStored(frozen), weightsDtype); // those loaded as float32
}

function frozenParams(config: EncoderConfig, plan: FineTunePlan): ParamSpec[] {
  if (isFullFineTuning(plan, config)) return [];
  const declared = encoderParams(config);
  const trained = new Set(plan.layers);
  return [
    ...flattenParams(declared.embeddings),
    ...declared.layers.flatMap((l, i) => (plan.lora || !trained.has(i) ? flattenParams(l) : [])),
  ];
}

/** What a 16-bit weights dtype holds in 16 bits: the frozen matrices; biases and LayerNorm stay float32. */
function halfStored(frozen: ParamSpec[]): string[] {
  return frozen.filter((s) => s.kind === 'linear' || s.kind === 'embedding').map((s) => s.name);
}

/**
 * loadClassifier's `halfWeights` for a run's config: the parameters its plan freezes are read
 * straight into 16 bits (undefined for float32 or full fine-tuning). Pass the same config to
 * applyFineTunePlan afterwards.
 */
export function halfWeightsOnLoad(t: FineTuneConfig & { weightsDtype?: WeightsDtype }): LoadClassifierOptions['halfWeights'] {
  const dtype = t.weightsDtype;
  if (!dtype || dtype === 'float32') return undefined;
  return { dtype, names: (config) => new Set(halfStored(frozenParams(config, fineTunePlan(config, t)))) };
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
