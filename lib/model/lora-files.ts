// LoRA adapter folders in PEFT's layout (adapter_config.json + adapter_model.safetensors), and the
// merge of one into its base model as a plain Hugging Face checkpoint (`dml-lens model merge-lora`).
// The adapter file also holds the trained head (PEFT's modules_to_save), since a new head is
// trained with the adapters.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../errors';
import { loadClassifier } from './classifier';
import { adapterTensors, loadAdapterTensors } from './lora';
import type { ParamStore } from './params';
import { encodeSafetensors, parseSafetensors } from './safetensors';
import type { EncoderConfig } from './types';
import { headParamSpecs } from './weight-names';

export const ADAPTER_CONFIG = 'adapter_config.json';
export const ADAPTER_WEIGHTS = 'adapter_model.safetensors';

export interface AdapterConfig {
  peft_type: 'LORA';
  task_type: 'SEQ_CLS';
  r: number;
  lora_alpha: number;
  target_modules: string[];
  modules_to_save: string[];
  num_labels: number;
}

/** Writes the model's adapters and its head (atomically: temp file, then rename). */
export async function saveLoraAdapter(dir: string, params: ParamStore, config: EncoderConfig, opts: { scale: number }): Promise<void> {
  const entries = params.adapterEntries();
  if (!entries.length) throw new Error('saveLoraAdapter: the model has no adapters');
  const rank = entries[0][1].a.shape[1];
  const numLabels = config.num_labels ?? 2;
  const head = headParamSpecs(config, numLabels);
  const exported = params.exportHf();
  const headTensors = Object.fromEntries(head.map((s) => [s.name, exported[s.name]]));
  const tensors = adapterTensors(params, headTensors);
  try {
    const toWrite = [];
    for (const [name, t] of Object.entries(tensors)) toWrite.push({ name, shape: t.shape, values: (await t.data()) as Float32Array });
    fs.mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `.${ADAPTER_WEIGHTS}.tmp`);
    fs.writeFileSync(tmp, encodeSafetensors(toWrite));
    fs.renameSync(tmp, path.join(dir, ADAPTER_WEIGHTS));
    const targets = [
      ...new Set(
        entries.map(
          ([n]) =>
            n
              .replace(/\.weight$/, '')
              .split('.')
              .slice(-1)[0],
        ),
      ),
    ];
    const cfg: AdapterConfig = {
      peft_type: 'LORA',
      task_type: 'SEQ_CLS',
      r: rank,
      lora_alpha: opts.scale * rank,
      target_modules: targets,
      modules_to_save: ['classifier'],
      num_labels: numLabels,
    };
    fs.writeFileSync(path.join(dir, ADAPTER_CONFIG), JSON.stringify(cfg, null, 2) + '\n');
  } finally {
    tf.dispose(Object.values(exported));
    tf.dispose(Object.values(tensors).filter((t) => !Object.values(headTensors).includes(t)));
  }
}

export function readAdapterConfig(dir: string): AdapterConfig {
  const file = path.join(dir, ADAPTER_CONFIG);
  if (!fs.existsSync(file))
    throw new UserError(
      `${file} is missing; give a LoRA adapter folder (written under a run's model/adapter by a --lora-rank run with --save-model)`,
    );
  const cfg = JSON.parse(fs.readFileSync(file, 'utf8')) as AdapterConfig;
  if (cfg.peft_type !== 'LORA' || !(cfg.r > 0) || !(cfg.lora_alpha > 0))
    throw new UserError(`${file} is not a LoRA adapter config (peft_type LORA, r and lora_alpha > 0)`);
  return cfg;
}

/**
 * Base model + adapter folder → plain HF checkpoint in `outDir` (adapters folded into the weights,
 * the adapter's head in place), loadable by dml-lens and transformers alike.
 */
export async function mergeLoraFolder(baseDir: string, adapterDir: string, outDir: string): Promise<{ adapters: number }> {
  const cfg = readAdapterConfig(adapterDir);
  const file = path.join(adapterDir, ADAPTER_WEIGHTS);
  if (!fs.existsSync(file)) throw new UserError(`${file} is missing next to ${ADAPTER_CONFIG}`);
  const entries = parseSafetensors(fs.readFileSync(file), file).entries;
  const model = await loadClassifier(baseDir, { numLabels: cfg.num_labels, quiet: true });
  const tensors = Object.fromEntries(entries.map((e) => [e.name, tf.tensor(e.read(), e.shape, 'float32')]));
  try {
    loadAdapterTensors(model.params, tensors, cfg.lora_alpha / cfg.r, file);
    const adapters = model.params.adapterEntries().length;
    await model.save(outDir);
    return { adapters };
  } finally {
    tf.dispose(Object.values(tensors));
    model.dispose();
  }
}
