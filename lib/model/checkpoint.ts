// Hugging Face checkpoint folders: config.json + model.safetensors (or a sharded
// model.safetensors.index.json). Tokenizer files are the tokenizer's business.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../errors';
import { classifierArchitecture, parseEncoderConfig } from './config';
import { encodeSafetensors, parseSafetensors, type SafetensorsEntry } from './safetensors';
import { shardFilesOf } from './shard-names';
import type { EncoderConfig } from './types';
import {
  canonicalName,
  checkNoUnexpected,
  checkParams,
  encoderParamSpecs,
  headParamSpecs,
  isBareCheckpoint,
  isIgnorableName,
} from './weight-names';

export const WEIGHTS_FILE = 'model.safetensors';
export const WEIGHTS_INDEX_FILE = 'model.safetensors.index.json';
export const CONFIG_FILE = 'config.json';

/** Reads and validates `<dir>/config.json`. */
export function readConfig(dir: string): EncoderConfig {
  const file = path.join(dir, CONFIG_FILE);
  if (!fs.existsSync(dir))
    throw new UserError(
      `model folder ${dir} does not exist; give a folder with config.json and model.safetensors (e.g. one written by \`dml-lens model init\` or \`dml-lens model pull\`)`,
    );
  if (!fs.existsSync(file))
    throw new UserError(`${file} is missing; a Hugging Face model folder needs config.json next to model.safetensors`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseEncoderConfig(raw, file);
}

/** The safetensors entries of a folder, single-file or sharded. */
function readWeightEntries(dir: string): SafetensorsEntry[] {
  const single = path.join(dir, WEIGHTS_FILE);
  if (fs.existsSync(single)) return parseSafetensors(fs.readFileSync(single), single).entries;
  const index = path.join(dir, WEIGHTS_INDEX_FILE);
  if (fs.existsSync(index)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(index, 'utf8'));
    } catch (err) {
      throw new UserError(`${index} is not valid JSON: ${(err as Error).message}`);
    }
    return shardFilesOf(parsed, index, dir).flatMap((shard) => {
      const file = path.join(dir, shard);
      if (!fs.existsSync(file)) throw new UserError(`${index} lists ${shard}, which is missing from ${dir}; download the model again`);
      return parseSafetensors(fs.readFileSync(file), file).entries;
    });
  }
  const legacy = ['pytorch_model.bin', 'tf_model.h5', 'flax_model.msgpack'].filter((f) => fs.existsSync(path.join(dir, f)));
  if (legacy.length) {
    throw new UserError(
      `${dir} has ${legacy.join(', ')} but no ${WEIGHTS_FILE}; only safetensors weights are supported. Convert once with Python: ` +
        `python -c "from transformers import AutoModel as M; M.from_pretrained('${dir}').save_pretrained('${dir}', safe_serialization=True)"`,
    );
  }
  throw new UserError(`${single} is missing; a Hugging Face model folder needs its weights as model.safetensors`);
}

/**
 * Loads a HF checkpoint: validated config and float32 tensors in PyTorch layout keyed by
 * canonical HF names (`roberta.` / `bert.` prefix added to bare encoder checkpoints). Encoder
 * tensors are checked strictly (missing, mis-shaped, unexpected: an error naming each); head
 * tensors are returned when present and checked by the classifier; pretraining heads (lm_head,
 * cls, RoBERTa's pooler, position_ids buffers) are skipped. The caller disposes the tensors.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async on purpose: callers and tests expect a bad checkpoint as a rejected promise, not a synchronous throw
export async function loadCheckpoint(
  dir: string,
  /** Names returned as plain float32 values in `raw` instead of tensors (never put on the backend). */
  keepRaw?: (config: EncoderConfig) => Set<string>,
): Promise<{ config: EncoderConfig; tensors: Record<string, tf.Tensor>; raw: Record<string, { values: Float32Array; shape: number[] }> }> {
  const config = readConfig(dir);
  const entries = readWeightEntries(dir);
  const bare = isBareCheckpoint(
    entries.map((e) => e.name),
    config,
  );
  const byName = new Map(entries.map((e) => [canonicalName(e.name, config, bare), e]));
  const encoderSpecs = encoderParamSpecs(config);
  const shapes = new Map([...byName].map(([n, e]) => [n, e.shape]));
  checkParams(shapes, encoderSpecs, dir);
  const headNames = new Set(headParamSpecs(config, 1).map((s) => s.name));
  const allowed = new Set([...encoderSpecs.map((s) => s.name), ...headNames]);
  checkNoUnexpected(byName.keys(), allowed, config, dir);
  const tensors: Record<string, tf.Tensor> = {};
  const raw: Record<string, { values: Float32Array; shape: number[] }> = {};
  const rawNames = keepRaw?.(config) ?? new Set<string>();
  for (const [name, entry] of byName) {
    if (isIgnorableName(name, config) && !allowed.has(name)) continue;
    if (rawNames.has(name)) raw[name] = { values: entry.read(), shape: entry.shape };
    else tensors[name] = tf.tensor(entry.read(), entry.shape, 'float32');
  }
  return { config, tensors, raw };
}

/**
 * Writes `<dir>/config.json` and `<dir>/model.safetensors` (F32, or F16 to halve the size). Tensors
 * are keyed by HF names in PyTorch layout, so transformers' from_pretrained reads the folder.
 */
export async function saveCheckpoint(
  dir: string,
  config: EncoderConfig,
  tensors: Record<string, tf.Tensor>,
  opts: { dtype?: 'F32' | 'F16' } = {},
): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const toWrite = [];
  for (const [name, t] of Object.entries(tensors)) toWrite.push({ name, shape: t.shape, values: (await t.data()) as Float32Array });
  const hasHead = toWrite.some((t) => t.name.startsWith('classifier.'));
  const outConfig: EncoderConfig = {
    ...config,
    architectures: config.architectures ?? [
      hasHead ? classifierArchitecture(config.model_type) : config.model_type === 'roberta' ? 'RobertaModel' : 'BertModel',
    ],
  };
  const weights = encodeSafetensors(toWrite, opts.dtype ?? 'F32');
  // write to a temp name then rename, so a crash never leaves a half-written model behind
  const tmp = path.join(dir, `.${WEIGHTS_FILE}.tmp`);
  fs.writeFileSync(tmp, weights);
  fs.renameSync(tmp, path.join(dir, WEIGHTS_FILE));
  fs.writeFileSync(path.join(dir, CONFIG_FILE), JSON.stringify(outConfig, null, 2) + '\n');
}
