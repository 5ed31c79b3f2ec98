// The Hugging Face parameter names and shapes (PyTorch layout: Linear weights are [out, in]) of
// BertForSequenceClassification and RobertaForSequenceClassification, and the strict checks
// that a checkpoint has exactly these tensors.
import { ConfigError } from '../errors';
import type { EncoderConfig } from './types';

export type ParamKind = 'linear' | 'embedding' | 'norm-weight' | 'bias';

export interface ParamSpec {
  name: string;
  shape: number[];
  kind: ParamKind;
}

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

function linearSpecs(name: string, out: number, inp: number): ParamSpec[] {
  return [
    { name: `${name}.weight`, shape: [out, inp], kind: 'linear' },
    { name: `${name}.bias`, shape: [out], kind: 'bias' },
  ];
}

function normSpecs(name: string, d: number): ParamSpec[] {
  return [
    { name: `${name}.weight`, shape: [d], kind: 'norm-weight' },
    { name: `${name}.bias`, shape: [d], kind: 'bias' },
  ];
}

/** Embeddings and transformer layers, prefixed `bert.` / `roberta.`. */
export function encoderParamSpecs(config: EncoderConfig): ParamSpec[] {
  const p = config.model_type;
  const D = config.hidden_size;
  const I = config.intermediate_size;
  const specs: ParamSpec[] = [
    { name: `${p}.embeddings.word_embeddings.weight`, shape: [config.vocab_size, D], kind: 'embedding' },
    { name: `${p}.embeddings.position_embeddings.weight`, shape: [config.max_position_embeddings, D], kind: 'embedding' },
    { name: `${p}.embeddings.token_type_embeddings.weight`, shape: [config.type_vocab_size, D], kind: 'embedding' },
    ...normSpecs(`${p}.embeddings.LayerNorm`, D),
  ];
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const l = `${p}.encoder.layer.${i}`;
    specs.push(
      ...linearSpecs(`${l}.attention.self.query`, D, D),
      ...linearSpecs(`${l}.attention.self.key`, D, D),
      ...linearSpecs(`${l}.attention.self.value`, D, D),
      ...linearSpecs(`${l}.attention.output.dense`, D, D),
      ...normSpecs(`${l}.attention.output.LayerNorm`, D),
      ...linearSpecs(`${l}.intermediate.dense`, I, D),
      ...linearSpecs(`${l}.output.dense`, D, I),
      ...normSpecs(`${l}.output.LayerNorm`, D),
    );
  }
  return specs;
}

/** BERT: pooler (dense + tanh on [CLS]) then `classifier`; RoBERTa: `classifier.dense` + `classifier.out_proj`. */
export function headParamSpecs(config: EncoderConfig, numLabels: number): ParamSpec[] {
  const D = config.hidden_size;
  if (config.model_type === 'roberta') return [...linearSpecs('classifier.dense', D, D), ...linearSpecs('classifier.out_proj', numLabels, D)];
  return [...linearSpecs('bert.pooler.dense', D, D), ...linearSpecs('classifier', numLabels, D)];
}

/** The label count a checkpoint's head was trained for, from its output layer; undefined without a head. */
export function headLabelCount(names: Map<string, number[]>, config: EncoderConfig): number | undefined {
  const out = config.model_type === 'roberta' ? 'classifier.out_proj.weight' : 'classifier.weight';
  return names.get(out)?.[0];
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
    if (!shape) problems.push(`missing tensor ${s.name} (expected shape [${s.shape}])`);
    else if (shape.length !== s.shape.length || shape.some((d, i) => d !== s.shape[i])) {
      problems.push(`tensor ${s.name} has shape [${shape}], expected [${s.shape}] from config.json`);
    }
  }
  if (problems.length) throw new ConfigError(problems, `checkpoint ${source}`);
}

/** Names in `found` that are neither expected nor ignorable: an error, listed together. */
export function checkNoUnexpected(found: Iterable<string>, allowed: Set<string>, config: EncoderConfig, source: string): void {
  const unexpected = [...found].filter((n) => !allowed.has(n) && !isIgnorableName(n, config));
  if (unexpected.length) {
    throw new ConfigError(unexpected.map((n) => `unexpected tensor ${n} (not part of a ${config.model_type} sequence classifier; is config.json from the same model?)`), `checkpoint ${source}`);
  }
}
