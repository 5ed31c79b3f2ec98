// Files of a pretraining output folder: the encoder (HF format, no classification head), the MLM
// head in `mlm_head.safetensors` (kept apart so fine-tuning loads a clean encoder), and
// `trainer_state.json` (step, corpus, history) for resuming and for the model card.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { saveCheckpoint } from '../model/checkpoint';
import { encodeSafetensors, parseSafetensors } from '../model/safetensors';
import { TOKENIZER_FILES } from '../model/tokenizer-loading';
import type { Classifier } from '../model/classifier';
import type { EncoderConfig } from '../model/types';
import type { MlmHead } from './mlm-head';

export const HEAD_FILE = 'mlm_head.safetensors';
export const STATE_FILE = 'trainer_state.json';

export interface PretrainState {
  step: number;
  seed: number;
  startedFrom: string;
  corpus: string[];
  corpusSentences: number;
  corpusTokens: number;
  tokensSeen: number;
  elapsedMs: number;
  history: { step: number; loss: number; accuracy: number; tokensPerSecond: number; heldOut?: { loss: number; accuracy: number } }[];
  final?: { loss: number; accuracy: number };
  options: Record<string, unknown>;
}

export function readState(dir: string): PretrainState | undefined {
  const file = path.join(dir, STATE_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as PretrainState) : undefined;
}

export function writeState(dir: string, state: PretrainState): void {
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${STATE_FILE}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  fs.renameSync(tmp, path.join(dir, STATE_FILE));
}

/** Encoder weights only, F32, with a config naming the MaskedLM architecture; tokenizer files copied. */
export async function saveEncoder(model: Classifier, encoderNames: Set<string>, out: string, sourceDir: string): Promise<void> {
  const all = model.params.exportHf();
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(all)) {
    if (encoderNames.has(name)) tensors[name] = t;
    else t.dispose();
  }
  const { num_labels: _n, id2label: _i, label2id: _l, ...rest } = model.config;
  const config: EncoderConfig = {
    ...rest,
    architectures: [model.config.model_type === 'roberta' ? 'RobertaForMaskedLM' : 'BertForMaskedLM'],
  };
  try {
    await saveCheckpoint(out, config, tensors);
  } finally {
    tf.dispose(Object.values(tensors));
  }
  if (path.resolve(out) === path.resolve(sourceDir)) return;
  for (const f of TOKENIZER_FILES) {
    const src = path.join(sourceDir, f);
    if (fs.existsSync(src)) fs.copyFileSync(src, path.join(out, f));
  }
}

export async function saveHead(head: MlmHead, out: string): Promise<void> {
  const entries = [];
  for (const [name, t] of Object.entries(head.namedTensors()))
    entries.push({ name, shape: t.shape, values: (await t.data()) as Float32Array });
  const tmp = path.join(out, `.${HEAD_FILE}.tmp`);
  fs.writeFileSync(tmp, encodeSafetensors(entries, 'F32'));
  fs.renameSync(tmp, path.join(out, HEAD_FILE));
}

/** The MLM head of a folder, if it has one (continued pretraining keeps it). */
export function loadHeadTensors(dir: string): Record<string, tf.Tensor> | undefined {
  const file = path.join(dir, HEAD_FILE);
  if (!fs.existsSync(file)) return undefined;
  const { entries } = parseSafetensors(fs.readFileSync(file), file);
  return Object.fromEntries(entries.map((e) => [e.name, tf.tensor(e.read(), e.shape)]));
}

export const OPTIMIZER_FILE = 'optimizer.safetensors';

/** AdamW moments (keyed by parameter name) so a resumed run continues exactly. */
export async function saveOptimizer(state: { step: number; tensors: Record<string, tf.Tensor> }, out: string): Promise<void> {
  const entries = [];
  for (const [name, t] of Object.entries(state.tensors)) entries.push({ name, shape: t.shape, values: (await t.data()) as Float32Array });
  const tmp = path.join(out, `.${OPTIMIZER_FILE}.tmp`);
  fs.writeFileSync(tmp, encodeSafetensors(entries, 'F32', { format: 'dml-lens-adamw', step: String(state.step) }));
  fs.renameSync(tmp, path.join(out, OPTIMIZER_FILE));
}

export function loadOptimizer(dir: string): { step: number; tensors: Record<string, tf.Tensor> } | undefined {
  const file = path.join(dir, OPTIMIZER_FILE);
  if (!fs.existsSync(file)) return undefined;
  const { entries, metadata } = parseSafetensors(fs.readFileSync(file), file);
  return { step: Number(metadata.step), tensors: Object.fromEntries(entries.map((e) => [e.name, tf.tensor(e.read(), e.shape)])) };
}
