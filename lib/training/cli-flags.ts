// CLI flags of `train` and `sweep` and their train-config keys. Only flags the user gives enter
// the config, so presets and the schema's defaults fill the rest. Shared by both commands, so
// `dml-lens sweep --loss ce,soft-triple --beta 0.4,0.7` takes the same names as `train`.
import fs from 'node:fs';
import type { FlagSpec } from '../cli/command';
import { UserError } from '../errors';
import { DEFAULT_TOKEN_SELECTION, TOKEN_SELECTIONS } from '../losses/tokens';
import { LOSS_PARAM_PRESETS, lossHelpLines, TRAIN_LOSS_NAMES } from './loss-catalog';

/** flag name -> [config key, kind] ('number' and 'int' are parsed as numbers) */
export const TRAIN_FLAG_KEYS: Record<string, [string, 'string' | 'number' | 'boolean' | 'numbers' | 'strings', string]> = {
  dataset: ['dataset', 'string', 'Data set name (dml-lens data list)'],
  model: ['model', 'string', 'Model folder (HF format) or registered model name (dml-lens model list)'],
  loss: ['loss', 'string', `ce or a DML loss: ${TRAIN_LOSS_NAMES.filter((n) => n !== 'ce').join(', ')} (see Losses below)`],
  beta: ['beta', 'number', 'Weight of CE in beta*CE + (1-beta)*DML, in [0, 1] (default 0.4)'],
  preset: ['preset', 'string', "paper (roberta-large, the authors' settings) or cpu (small local model, ~1 min per run)"],
  protocol: ['protocol', 'string', 'kfold (default), per-class or official'],
  samples: ['samples', 'number', 'kfold/official: training examples per run (default 20)'],
  folds: ['folds', 'number', 'kfold: number of folds, one run each (default 4)'],
  'per-class': ['perClass', 'number', 'per-class/official: training examples per class'],
  seed: ['seeds', 'numbers', 'Seed(s), comma separated; one run per fold and seed (default 2048)'],
  'eval-limit': ['evalLimit', 'number', 'Evaluate at most N sentences (stratified, seeded)'],
  epochs: ['epochs', 'number', 'Training epochs (default 120)'],
  steps: ['steps', 'number', 'Total optimiser steps (overrides --epochs)'],
  'batch-size': ['batchSize', 'number', 'Training batch size (default 64)'],
  'eval-batch-size': ['evalBatchSize', 'number', 'Evaluation batch size (default 64)'],
  'max-length': ['maxLength', 'number', 'Max tokens per sentence (default 64)'],
  lr: ['lr', 'number', 'Peak learning rate (default 1e-5)'],
  'proxy-lr': ['proxyLr', 'number', 'Learning rate of loss proxies/centres (default: --lr)'],
  optimizer: ['optimizer', 'string', "AdamW update rule: torch (default) or transformers (the paper's)"],
  'weight-decay': ['weightDecay', 'number', 'Decoupled weight decay (default 0.01)'],
  'exclude-bias-ln': ['excludeBiasLayerNorm', 'boolean', 'No weight decay on biases and LayerNorm weights'],
  schedule: ['schedule', 'string', 'cosine (default), linear or constant, after the warm-up'],
  'warmup-steps': ['warmupSteps', 'number', 'Warm-up steps (default 10)'],
  'schedule-steps': ['scheduleSteps', 'number', 'Schedule length T (default: total steps; the paper: 120)'],
  'max-grad-norm': ['maxGradNorm', 'number', 'Gradient clipping by global norm; 0 = off (default 1.0)'],
  dropout: ['dropout', 'number', 'Dropout of encoder and head (default 0.1)'],
  tokens: [
    'tokens',
    'string',
    `Embeddings fed to the DML loss: ${TOKEN_SELECTIONS.join(', ')} (default: ${DEFAULT_TOKEN_SELECTION}, the authors')`,
  ],
  'loss-preset': ['lossPreset', 'string', `DML hyper-parameter defaults: ${LOSS_PARAM_PRESETS.join(' or ')} (default: authors)`],
  'no-proxy-inference': ['proxyInference', 'boolean', 'Skip proxy-based inference for proxy losses'],
  'save-model': ['saveModel', 'boolean', 'Keep the fine-tuned model under the run folder'],
  'embedding-dtype': ['embeddingDtype', 'string', 'float32 (default) or float16 for stored embeddings'],
  name: ['name', 'string', 'Experiment name'],
  'train-layers': ['trainLayers', 'number', 'Train only the top k encoder layers (embeddings and lower layers frozen)'],
  'lora-rank': ['loraRank', 'number', 'LoRA adapters of rank r on a frozen encoder (e.g. 8)'],
  'lora-alpha': ['loraAlpha', 'number', 'LoRA scale alpha/r (default alpha = r)'],
  'lora-targets': [
    'loraTargets',
    'strings',
    'Dense layers with adapters: query,value (default) or any of query,key,value,dense,intermediate,output',
  ],
  'micro-batch': ['microBatch', 'number', 'Gradient accumulation: forward/backward this many rows at a time'],
  recompute: ['recompute', 'boolean', 'Recompute each layer in the backward instead of keeping its activations'],
  'weights-dtype': ['weightsDtype', 'string', 'Storage of frozen weights: float32 (default), float16 or bfloat16 (LoRA / --train-layers)'],
};

export const LOSS_PARAM_FLAG: FlagSpec = {
  name: 'loss-param',
  type: 'list',
  description: 'DML hyper-parameters as name=value (e.g. centersPerClass=5,la=8)',
};
/** The help section listing every loss and its hyper-parameters (train and sweep). */
export const LOSSES_HELP = {
  title: 'Losses (--loss; hyper-parameters by --loss-param name=value, PML defaults shown)',
  lines: lossHelpLines(),
};
export const CONFIG_FLAG: FlagSpec = { name: 'config', type: 'string', description: 'A JSON train config file; flags override its keys' };

/** Flag specs for `train` (scalars) or `sweep` (every flag takes a comma-separated list). */
export function trainFlagSpecs(asLists: boolean): FlagSpec[] {
  return Object.entries(TRAIN_FLAG_KEYS).map(([name, [, kind, description]]) => ({
    name,
    type: asLists && kind !== 'boolean' ? 'list' : kind === 'numbers' || kind === 'strings' ? 'list' : kind === 'number' ? 'number' : kind,
    description,
  }));
}

function toNumber(flag: string, raw: unknown): unknown {
  const n = typeof raw === 'number' ? raw : Number(raw);
  return Number.isFinite(n) && String(raw).trim() !== '' ? n : raw; // left as given: validation reports it
}

function scalarValue(flag: string, kind: string, raw: unknown): unknown {
  if (kind === 'number') return toNumber(flag, raw);
  if (kind === 'numbers') return (raw as string[]).map((v) => toNumber(flag, v));
  if (kind === 'boolean') return flag.startsWith('no-') ? !raw : raw;
  return raw;
}

/** name=value pairs as loss parameters (numbers and booleans recognised). */
export function parseLossParams(items: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UserError(`--loss-param expects name=value, got "${item}"`);
    const raw = item.slice(eq + 1).trim();
    out[item.slice(0, eq).trim()] =
      raw === 'true' ? true : raw === 'false' ? false : Number.isFinite(Number(raw)) && raw !== '' ? Number(raw) : raw;
  }
  return out;
}

/** A JSON config file's object. */
export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`cannot read config file ${file}`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (err) {
    throw new UserError(`${file}: not a JSON object (${(err as Error).message})`);
  }
}

/** The train config input from `train` flags (over --config's file when given). */
export function configFromFlags(flags: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = typeof flags.config === 'string' ? readConfigFile(flags.config) : {};
  for (const [flag, [key, kind]] of Object.entries(TRAIN_FLAG_KEYS)) {
    if (flags[flag] !== undefined) out[key] = scalarValue(flag, kind, flags[flag]);
  }
  if (Array.isArray(flags['loss-param']))
    out.lossParams = { ...(out.lossParams ?? {}), ...parseLossParams(flags['loss-param'] as string[]) };
  return out;
}

/** A sweep spec from `sweep` flags: one-value lists go to the base, longer ones to the grid. */
export function sweepFromFlags(flags: Record<string, unknown>): {
  name?: string;
  base: Record<string, unknown>;
  grid: Record<string, unknown[]>;
} {
  const base: Record<string, unknown> = {};
  const grid: Record<string, unknown[]> = {};
  for (const [flag, [key, kind]] of Object.entries(TRAIN_FLAG_KEYS)) {
    const raw = flags[flag];
    if (raw === undefined || key === 'name') continue;
    if (kind === 'numbers' || kind === 'strings')
      base[key] = scalarValue(flag, kind, raw); // seeds, LoRA targets: one list, inside each experiment
    else if (kind === 'boolean') base[key] = scalarValue(flag, kind, raw);
    else {
      const values = (raw as string[]).map((v) => scalarValue(flag, kind, v));
      if (values.length === 1) base[key] = values[0];
      else grid[key] = values;
    }
  }
  if (Array.isArray(flags['loss-param'])) base.lossParams = parseLossParams(flags['loss-param'] as string[]);
  return { name: typeof flags.name === 'string' ? flags.name : (flags.name as string[] | undefined)?.[0], base, grid };
}
