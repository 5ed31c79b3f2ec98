// The train config: one zod schema shared by the CLI flags, the web form, the queue and the stored
// Run/Experiment records. parseTrainConfig checks everything that needs no database and lists every
// problem at once; validateTrainConfig adds the checks against the database (dataset, model, pool sizes).
import { z } from 'zod';
import type { Db } from '../db/client';
import { databaseProblems, type ResolvedTargets } from './config-db-checks';
import { DEFAULT_TOKEN_SELECTION, TOKEN_SELECTIONS } from '../losses/tokens';
import { isProxyLoss, isTrainLoss, lossParamProblems, TRAIN_LOSS_NAMES } from './loss-catalog';
import { LORA_TARGETS } from '../model/lora-targets';
import { WEIGHTS_DTYPES } from '../model/weights-dtype';
import { PRESET_NAMES, PRESETS, type PresetName } from './presets';

const int = (min: number) => z.number().int().min(min);

export const TrainConfigSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(), // experiment name; generated when absent
  preset: z.enum(PRESET_NAMES).optional(), // recorded for provenance; its values are already merged in
  dataset: z.string().min(1), // Dataset.name
  model: z.string().min(1), // registered Model.name or a folder in Hugging Face format
  // --- loss: L = beta * CE + (1 - beta) * DML (docs/paper.md §4.2); loss 'ce' = CE only
  loss: z.string().refine(isTrainLoss, { message: `unknown loss; valid: ${TRAIN_LOSS_NAMES.join(', ')}` }),
  beta: z.number().min(0, 'beta must be in [0, 1]').max(1, 'beta must be in [0, 1]').default(0.4),
  lossPreset: z.enum(['authors', 'pml']).default('authors'), // hyper-parameter defaults of the DML loss
  lossParams: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
  tokens: z.enum(TOKEN_SELECTIONS).default(DEFAULT_TOKEN_SELECTION), // embeddings fed to the DML loss
  // --- protocol (lib/data/sampling.ts)
  protocol: z.enum(['kfold', 'per-class', 'official']).default('kfold'),
  samples: int(1).default(20), // kfold: training examples drawn from the other folds; official: uniform sample
  folds: int(2).max(100).default(4), // kfold: folds, one run each
  perClass: int(1).optional(), // per-class (and official when given): examples per class
  seeds: z.array(int(0)).min(1).max(100).default([2048]), // one run per (fold, seed)
  evalLimit: int(1).optional(), // cap on evaluated sentences (stratified, seeded)
  // --- optimisation
  epochs: int(1).max(100000).default(120),
  steps: int(1).max(10000000).optional(), // total optimiser steps; overrides epochs
  batchSize: int(1).max(4096).default(64),
  evalBatchSize: int(1).max(4096).default(64),
  maxLength: int(4).max(512).default(64),
  lr: z.number().positive().max(1).default(1e-5),
  proxyLr: z.number().positive().max(10).optional(), // learning rate of loss proxies/centres (default: lr)
  optimizer: z.enum(['torch', 'transformers']).default('torch'), // AdamW update rule (lib/training/adamw.ts)
  weightDecay: z.number().min(0).max(1).default(0.01),
  excludeBiasLayerNorm: z.boolean().default(false), // no weight decay on biases and LayerNorm
  adamEps: z.number().positive().max(1).default(1e-8),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  schedule: z.enum(['cosine', 'linear', 'constant']).default('cosine'),
  warmupSteps: int(0).default(10),
  scheduleSteps: int(1).optional(), // schedule length T (default: the total steps)
  maxGradNorm: z.number().min(0).default(1), // global-norm clipping; 0 = off
  dropout: z.number().min(0).lt(1).default(0.1),
  // --- model size and memory (docs/training.md "Large models"); absent = full fine-tuning
  trainLayers: int(0).max(1000).optional(), // train only the top k layers (embeddings frozen)
  loraRank: int(1).max(1024).optional(), // LoRA adapters of this rank; the encoder is frozen
  loraAlpha: z.number().positive().max(100000).optional(), // LoRA scale alpha/rank (default alpha = rank)
  loraTargets: z.array(z.enum(LORA_TARGETS)).min(1).optional(), // dense layers with adapters (default query,value)
  microBatch: int(1).max(4096).optional(), // gradient accumulation: forward/backward this many rows at a time
  recompute: z.boolean().optional(), // activation recomputation per layer
  weightsDtype: z.enum(WEIGHTS_DTYPES).optional(), // storage of frozen weights (absent = float32)
  // --- evaluation and outputs
  proxyInference: z.boolean().default(true), // proxy losses: also score beta*softmax(logits)+(1-beta)*softmax(proxy sims)
  saveModel: z.boolean().default(false),
  embeddingDtype: z.enum(['float32', 'float16']).default('float32'),
  logEvery: int(1).default(1), // steps between stored loss metrics
});

export type TrainConfig = z.infer<typeof TrainConfigSchema>;
export type TrainConfigInput = z.input<typeof TrainConfigSchema>;

export interface ConfigProblem {
  path: string;
  message: string;
}

export type ParseResult = { ok: true; config: TrainConfig } | { ok: false; problems: ConfigProblem[] };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Preset values under the user's: the user's keys win; lossParams merge key by key. */
export function applyPreset(input: Record<string, unknown>): Record<string, unknown> {
  const name = input.preset;
  if (typeof name !== 'string' || !(PRESET_NAMES as readonly string[]).includes(name)) return input;
  const preset = PRESETS[name as PresetName];
  const merged: Record<string, unknown> = { ...preset, ...input };
  if (isRecord(preset.lossParams) && isRecord(input.lossParams)) merged.lossParams = { ...preset.lossParams, ...input.lossParams };
  // a preset's proxy learning rate only concerns losses with proxies (`--preset cpu --loss supcon`)
  if (input.proxyLr === undefined && typeof merged.loss === 'string' && !isProxyLoss(merged.loss)) delete merged.proxyLr;
  return merged;
}

function zodProblems(error: z.ZodError): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const issue of error.issues) {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: at ? `${at}.${key}` : key, message: 'unknown key' });
    } else out.push({ path: at || '(config)', message: issue.message });
  }
  return out;
}

/** Checks between fields, run on whatever fields have the right type. */
function crossFieldProblems(c: Record<string, unknown>, given: Record<string, unknown>): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const num = (k: string) => (typeof c[k] === 'number' ? c[k] : undefined);
  if (c.protocol === 'per-class' && c.perClass === undefined)
    out.push({ path: 'perClass', message: 'protocol "per-class" needs perClass (examples per class)' });
  const warmup = num('warmupSteps');
  const T = num('scheduleSteps');
  if (warmup !== undefined && T !== undefined && warmup > T)
    out.push({ path: 'warmupSteps', message: `warm-up (${warmup}) is longer than the schedule (${T} steps)` });
  if (Array.isArray(c.seeds) && new Set(c.seeds).size !== c.seeds.length) out.push({ path: 'seeds', message: 'seeds repeat' });
  for (const k of ['loraAlpha', 'loraTargets'] as const)
    if (given[k] !== undefined && c.loraRank === undefined)
      out.push({ path: k, message: `${k} needs loraRank (LoRA adapters are off without a rank)` });
  if ((c.weightsDtype === 'float16' || c.weightsDtype === 'bfloat16') && c.loraRank === undefined && c.trainLayers === undefined)
    out.push({
      path: 'weightsDtype',
      message: `${c.weightsDtype} holds frozen weights in 16 bits and full fine-tuning freezes none; add loraRank or trainLayers, or drop weightsDtype`,
    });
  const micro = num('microBatch');
  const batch = num('batchSize');
  if (micro !== undefined && batch !== undefined && micro > batch)
    out.push({ path: 'microBatch', message: `micro-batch ${micro} is larger than the batch size ${batch}` });
  if (typeof c.loss === 'string' && isTrainLoss(c.loss)) {
    if (given.proxyLr !== undefined && !isProxyLoss(c.loss) && c.loss !== 'ce')
      out.push({ path: 'proxyLr', message: `loss "${c.loss}" has no proxies or centres` });
    if (isRecord(c.lossParams)) {
      const preset = c.lossPreset === 'pml' ? 'pml' : 'authors';
      for (const message of lossParamProblems(c.loss, preset, c.lossParams)) out.push({ path: 'lossParams', message });
    }
  }
  return out;
}

/** CE alone has no DML term: beta is 1 and the DML settings are dropped, so equal configs hash equal. */
function normalizeForLoss(config: TrainConfig): TrainConfig {
  if (config.loss !== 'ce') return config;
  return { ...config, beta: 1, lossParams: {}, proxyLr: undefined };
}

/** Validates a train config without the database; lists every problem. */
export function parseTrainConfig(input: unknown): ParseResult {
  if (!isRecord(input)) return { ok: false, problems: [{ path: '(config)', message: 'expected an object' }] };
  const merged = applyPreset(input);
  const parsed = TrainConfigSchema.safeParse(merged);
  const problems = [...(parsed.success ? [] : zodProblems(parsed.error)), ...crossFieldProblems(merged, input)];
  if (problems.length || !parsed.success) return { ok: false, problems };
  return { ok: true, config: normalizeForLoss(parsed.data) };
}

export type ValidateResult = { ok: true; config: TrainConfig; targets: ResolvedTargets } | { ok: false; problems: ConfigProblem[] };

/** parseTrainConfig plus the database checks: dataset and model exist, sizes fit the pool. */
export async function validateTrainConfig(db: Db, input: unknown): Promise<ValidateResult> {
  const parsed = parseTrainConfig(input);
  const raw = isRecord(input) ? applyPreset(input) : {};
  const { problems, targets } = await databaseProblems(db, parsed.ok ? parsed.config : raw);
  const all = [...(parsed.ok ? [] : parsed.problems), ...problems];
  if (!parsed.ok || all.length || !targets) return { ok: false, problems: all };
  return { ok: true, config: parsed.config, targets };
}

/** Problems as one line each ("path: message"), for CLI and error messages. */
export function formatProblems(problems: ConfigProblem[]): string[] {
  return problems.map((p) => `${p.path}: ${p.message}`);
}
