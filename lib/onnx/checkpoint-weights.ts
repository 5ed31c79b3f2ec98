// Weights of a Hugging Face model folder for the ONNX exporter, read without tfjs (the what-if
// route handler exports from it): config.json validated by lib/model/config.ts, safetensors
// (single file or sharded) decoded lazily, names made canonical and checked against the
// encoder's name list (lib/model/weight-names.ts).
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { parseEncoderConfig } from '../model/config';
import { parseSafetensors, type SafetensorsEntry } from '../model/safetensors';
import type { EncoderConfig } from '../model/types';
import { canonicalName, checkParams, encoderParamSpecs, headLabelCount, headParamSpecs, isBareCheckpoint } from '../model/weight-names';
import type { WeightSource } from './encoder-graph';

export interface FolderWeights {
  config: EncoderConfig;
  numLabels: number;
  weight: WeightSource;
  /** Canonical name -> shape of every tensor found. */
  shapes: Map<string, number[]>;
}

/** config.json of a model folder, validated; a one-line UserError when absent or unknown. */
export function readFolderConfig(dir: string): EncoderConfig {
  const file = path.join(dir, 'config.json');
  if (!fs.existsSync(file)) throw new UserError(`${file} is missing; give a Hugging Face model folder (config.json + model.safetensors)`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const type = (raw as { model_type?: unknown } | null)?.model_type;
  if (type !== 'bert' && type !== 'roberta') {
    throw new UserError(
      `${file}: model_type ${JSON.stringify(type)} is not one the exporter knows (bert, roberta); export a BERT or RoBERTa model`,
    );
  }
  return parseEncoderConfig(raw, file);
}

function entriesOf(dir: string): SafetensorsEntry[] {
  const single = path.join(dir, 'model.safetensors');
  if (fs.existsSync(single)) return parseSafetensors(fs.readFileSync(single), single).entries;
  const index = path.join(dir, 'model.safetensors.index.json');
  if (!fs.existsSync(index)) throw new UserError(`${single} is missing; the folder has no safetensors weights to export`);
  const map = (JSON.parse(fs.readFileSync(index, 'utf8')) as { weight_map: Record<string, string> }).weight_map;
  return [...new Set(Object.values(map))].flatMap((shard) => parseSafetensors(fs.readFileSync(path.join(dir, shard)), shard).entries);
}

/** The folder's weights by canonical HF name; the head must be present (a fine-tuned classifier). */
export function readFolderWeights(dir: string): FolderWeights {
  const config = readFolderConfig(dir);
  const entries = entriesOf(dir);
  const bare = isBareCheckpoint(
    entries.map((e) => e.name),
    config,
  );
  const byName = new Map(entries.map((e) => [canonicalName(e.name, config, bare), e]));
  const shapes = new Map([...byName].map(([n, e]) => [n, e.shape]));
  const numLabels = headLabelCount(shapes, config);
  if (numLabels === undefined) {
    throw new UserError(
      `${dir} has no classification head (a pretrained encoder, not a fine-tuned classifier); export a run's model (train with --save-model) or a folder with a head`,
    );
  }
  checkParams(shapes, [...encoderParamSpecs(config), ...headParamSpecs(config, numLabels)], dir);
  const weight: WeightSource = (name) => {
    const e = byName.get(name);
    if (!e) throw new UserError(`${dir}: tensor ${name} is missing`);
    return { data: e.read(), shape: e.shape };
  };
  return { config, numLabels, weight, shapes };
}
