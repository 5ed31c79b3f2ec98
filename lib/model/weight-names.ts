// The Hugging Face parameter names and shapes (PyTorch layout: Linear weights are [out, in]) of
// BertForSequenceClassification and RobertaForSequenceClassification, derived from the encoder
// modules' own declarations (param-spec.ts), and the strict checks that a checkpoint has exactly
// these tensors.
import { ConfigError } from '../errors';
import { encoderParams, headParams } from './checkpoint-layout';
import { flattenParams, type ParamSpec } from './param-spec';
import type { EncoderConfig } from './types';

export type { ParamKind, ParamSpec } from './param-spec';

/** Names of tensors in pretraining checkpoints that a sequence classifier does not use (HF drops them too). */
export function isIgnorableName(name: string, config: EncoderConfig): boolean {
  const prefix = config.model_type;
  return (
    name.startsWith('lm_head.') ||
    name.startsWith('cls.') ||
    name.endsWith('.position_ids') ||
    (prefix === 'roberta' && name.startsWith('roberta.pooler.'))
  );
}

/** Embeddings and transformer layers, prefixed `bert.` / `roberta.`: the modules' declarations, flattened. */
export function encoderParamSpecs(config: EncoderConfig): ParamSpec[] {
  return flattenParams(encoderParams(config));
}

/** BERT: pooler (dense + tanh on [CLS]) then `classifier`; RoBERTa: `classifier.dense` + `classifier.out_proj` (heads.ts). */
export function headParamSpecs(config: EncoderConfig, numLabels: number): ParamSpec[] {
  const head = headParams(config, numLabels);
  return flattenParams([head.hidden, head.output]);
}

/** The label count a checkpoint's head was trained for, from its output layer; undefined without a head. */
export function headLabelCount(names: Map<string, number[]>, config: EncoderConfig): number | undefined {
  return names.get(headParams(config, 0).output.weight.name)?.[0];
}

/**
 * Checkpoint names as HF writes them → our canonical names: adds the `bert.`/`roberta.` prefix to
 * bare encoder checkpoints (BertModel / RobertaModel) and renames TF-era LayerNorm gamma/beta.
 */
export function canonicalName(name: string, config: EncoderConfig, bare: boolean): string {
  let n = name.replace(/\.LayerNorm\.gamma$/, '.LayerNorm.weight').replace(/\.LayerNorm\.beta$/, '.LayerNorm.bias');
  if (bare && (n.startsWith('embeddings.') || n.startsWith('encoder.') || n.startsWith('pooler.'))) n = `${config.model_type}.${n}`;
  return n;
}

/** True when no tensor carries the family prefix: a bare encoder checkpoint. */
export function isBareCheckpoint(names: string[], config: EncoderConfig): boolean {
  return !names.some((n) => n.startsWith(`${config.model_type}.`));
}

/**
 * Strict check of `found` (name → shape) against `specs`: every expected tensor present with its
 * shape. Lists all problems in one ConfigError naming each tensor.
 */
export function checkParams(found: Map<string, number[]>, specs: ParamSpec[], source: string): void {
  const problems: string[] = [];
  for (const s of specs) {
    const shape = found.get(s.name);
    if (!shape) problems.push(`missing tensor ${s.name} (expected shape [${s.shape.join(',')}])`);
    else if (shape.length !== s.shape.length || shape.some((d, i) => d !== s.shape[i])) {
      problems.push(`tensor ${s.name} has shape [${shape.join(',')}], expected [${s.shape.join(',')}] from config.json`);
    }
  }
  if (problems.length) throw new ConfigError(problems, `checkpoint ${source}`);
}

/** Names in `found` that are neither expected nor ignorable: an error, listed together. */
export function checkNoUnexpected(found: Iterable<string>, allowed: Set<string>, config: EncoderConfig, source: string): void {
  const unexpected = [...found].filter((n) => !allowed.has(n) && !isIgnorableName(n, config));
  if (unexpected.length) {
    throw new ConfigError(
      unexpected.map(
        (n) => `unexpected tensor ${n} (not part of a ${config.model_type} sequence classifier; is config.json from the same model?)`,
      ),
      `checkpoint ${source}`,
    );
  }
}
