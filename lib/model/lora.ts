// LoRA adapters (Hu et al. 2021, arXiv 2106.09685 §4): a frozen dense layer W gets a trainable
// low-rank update ΔW = (α/r)·A B (A [in, r], B [r, out] in our [in, out] layout), applied in dense.ts.
// A starts uniform in ±1/√in (PEFT's kaiming-uniform bound), B at zero, so training starts from the
// base model. Merging folds ΔW into W, giving a plain HF checkpoint. Adapters are saved apart in
// PEFT's layout: adapter_config.json + adapter_model.safetensors with
// `base_model.model.<layer>.lora_A.weight` [r, in] and `.lora_B.weight` [out, r].
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../errors';
import { deriveSeed, Rng } from '../util/random';
import { attentionParams, feedForwardParams } from './checkpoint-layout';
import type { LinearParams } from './param-spec';
import type { ParamStore } from './params';
import type { EncoderConfig } from './types';

import type { LoraSettings, LoraTarget } from './lora-targets';

export { DEFAULT_LORA_TARGETS, LORA_TARGETS, type LoraSettings, type LoraTarget } from './lora-targets';

/** The declared dense layer of `target` in layer `layer`. */
export function loraTargetParams(config: EncoderConfig, layer: number, target: LoraTarget): LinearParams {
  const att = attentionParams(config, layer);
  const ffn = feedForwardParams(config, layer);
  const byTarget: Record<LoraTarget, LinearParams> = {
    query: att.query,
    key: att.key,
    value: att.value,
    dense: att.output,
    intermediate: ffn.intermediate,
    output: ffn.output,
  };
  return byTarget[target];
}

/** Attaches fresh adapters (seeded per layer name) to `targets` of the given layers. */
export function attachLora(params: ParamStore, config: EncoderConfig, settings: LoraSettings, layers: number[], seed: number): void {
  const { rank, alpha } = settings;
  for (const layer of layers) {
    for (const target of settings.targets) {
      const p = loraTargetParams(config, layer, target);
      const [out, inp] = p.weight.shape;
      const bound = 1 / Math.sqrt(inp);
      const aValues = new Rng(deriveSeed(seed, `lora:${p.weight.name}`)).uniformArray(inp * rank, -bound, bound);
      const a = tf.variable(tf.tensor2d(aValues, [inp, rank]), true, `${params.tag}/${p.weight.name}.lora_A`);
      const b = tf.variable(tf.zeros<tf.Rank.R2>([rank, out]), true, `${params.tag}/${p.weight.name}.lora_B`);
      params.setAdapter(p.weight.name, { a, b, scale: alpha / rank });
    }
  }
}

/** Folds every adapter into its weight (W ← W + scale·A B) and removes the adapters. */
export function mergeLora(params: ParamStore): void {
  for (const [name, pair] of params.adapterEntries()) {
    const w = params.get(name);
    const merged = tf.tidy(() => tf.add(w, tf.mul(tf.matMul(pair.a, pair.b), pair.scale)));
    w.assign(merged);
    merged.dispose();
  }
  params.clearAdapters();
}

const PEFT_PREFIX = 'base_model.model.';

/** Adapters (and the given trained non-adapter tensors, e.g. the head) as PEFT names them, HF layout. */
export function adapterTensors(params: ParamStore, extra: Record<string, tf.Tensor> = {}): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, pair] of params.adapterEntries()) {
    const layer = name.replace(/\.weight$/, '');
    out[`${PEFT_PREFIX}${layer}.lora_A.weight`] = tf.transpose(pair.a); // [r, in]
    out[`${PEFT_PREFIX}${layer}.lora_B.weight`] = tf.transpose(pair.b); // [out, r]
  }
  for (const [name, t] of Object.entries(extra)) out[`${PEFT_PREFIX}${name}`] = t;
  return out;
}

/**
 * Reads PEFT-named tensors back onto a model: adapters are attached with `scale`, plain tensors
 * (the trained head) replace the model's. Names the model lacks are one UserError.
 */
export function loadAdapterTensors(params: ParamStore, tensors: Record<string, tf.Tensor>, scale: number, source: string): void {
  const pairs = new Map<string, { a?: tf.Tensor; b?: tf.Tensor }>();
  const plain: [string, tf.Tensor][] = [];
  const unknown: string[] = [];
  for (const [key, t] of Object.entries(tensors)) {
    const name = key.startsWith(PEFT_PREFIX) ? key.slice(PEFT_PREFIX.length) : key;
    const m = /^(.*)\.lora_([AB])\.weight$/.exec(name);
    if (m) {
      const entry = pairs.get(`${m[1]}.weight`) ?? {};
      entry[m[2] === 'A' ? 'a' : 'b'] = t;
      pairs.set(`${m[1]}.weight`, entry);
    } else if (params.has(name)) plain.push([name, t]);
    else unknown.push(key);
  }
  for (const [w, e] of pairs) if (!params.has(w) || !e.a || !e.b) unknown.push(`${w} (adapter)`);
  if (unknown.length)
    throw new UserError(
      `${source}: tensors that do not fit this model: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', ...' : ''}; was the adapter trained on another base model?`,
    );
  for (const [w, e] of pairs) {
    params.setAdapter(w, {
      a: tf.variable(tf.transpose(e.a!) as tf.Tensor2D, true, `${params.tag}/${w}.lora_A`),
      b: tf.variable(tf.transpose(e.b!) as tf.Tensor2D, true, `${params.tag}/${w}.lora_B`),
      scale,
    });
  }
  for (const [name, t] of plain) {
    const value = params.kindOf(name) === 'linear' ? tf.transpose(t) : t;
    params.get(name).assign(value);
    if (value !== t) value.dispose();
  }
}
