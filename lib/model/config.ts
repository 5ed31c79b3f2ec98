// Hugging Face config.json for the BERT and RoBERTa families: size presets for our own small
// models, defaults as transformers' BertConfig / RobertaConfig define them, and validation of a
// config read from disk (every problem listed at once).
import { ConfigError } from '../errors';
import type { Arch, EncoderConfig } from './types';

export type ModelSize = 'tiny' | 'small';

/** Our own small sizes (issue 3): tiny = 2 x 128 (2 heads, FFN 512), small = 4 x 256 (4 heads, FFN 1024). */
export const SIZE_PRESETS: Record<
  ModelSize,
  Pick<EncoderConfig, 'num_hidden_layers' | 'hidden_size' | 'num_attention_heads' | 'intermediate_size'>
> = {
  tiny: { num_hidden_layers: 2, hidden_size: 128, num_attention_heads: 2, intermediate_size: 512 },
  small: { num_hidden_layers: 4, hidden_size: 256, num_attention_heads: 4, intermediate_size: 1024 },
};

/** HF defaults per family (BertConfig; RobertaConfig changes pad/bos/eos, positions, type vocab, eps). */
function familyDefaults(
  arch: Arch,
): Omit<EncoderConfig, 'vocab_size' | 'num_hidden_layers' | 'hidden_size' | 'num_attention_heads' | 'intermediate_size'> {
  const shared = {
    hidden_act: 'gelu' as const,
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    initializer_range: 0.02,
    classifier_dropout: null,
  };
  if (arch === 'roberta') {
    return {
      ...shared,
      model_type: 'roberta',
      max_position_embeddings: 514,
      type_vocab_size: 1,
      layer_norm_eps: 1e-5,
      pad_token_id: 1,
      bos_token_id: 0,
      eos_token_id: 2,
    };
  }
  return { ...shared, model_type: 'bert', max_position_embeddings: 512, type_vocab_size: 2, layer_norm_eps: 1e-12, pad_token_id: 0 };
}

/** The architectures entry HF uses for a sequence classifier of this family. */
export function classifierArchitecture(arch: Arch): string {
  return arch === 'roberta' ? 'RobertaForSequenceClassification' : 'BertForSequenceClassification';
}

/**
 * A config for one of our sizes. `overrides` sets special-token ids from the tokenizer
 * (pad/bos/eos), dropout, max positions... Example: `makeConfig('bert', 'tiny', 4000, { pad_token_id: 0 })`.
 */
export function makeConfig(arch: Arch, size: ModelSize, vocabSize: number, overrides: Partial<EncoderConfig> = {}): EncoderConfig {
  const preset = SIZE_PRESETS[size];
  if (!preset) throw new ConfigError([`unknown model size "${size}" (use tiny or small)`], 'model size');
  const config: EncoderConfig = { ...familyDefaults(arch), ...preset, vocab_size: vocabSize, ...overrides, model_type: arch };
  const problems = checkConfig(config);
  if (problems.length) throw new ConfigError(problems, 'model config');
  return config;
}

const INT_FIELDS = [
  'vocab_size',
  'hidden_size',
  'num_hidden_layers',
  'num_attention_heads',
  'intermediate_size',
  'max_position_embeddings',
  'type_vocab_size',
] as const;

function checkConfig(c: EncoderConfig): string[] {
  const problems: string[] = [];
  for (const f of INT_FIELDS) {
    if (!Number.isInteger(c[f]) || c[f] <= 0) problems.push(`${f} must be a positive integer, got ${JSON.stringify(c[f])}`);
  }
  if (Number.isInteger(c.hidden_size) && Number.isInteger(c.num_attention_heads) && c.hidden_size % c.num_attention_heads !== 0) {
    problems.push(`hidden_size ${c.hidden_size} is not a multiple of num_attention_heads ${c.num_attention_heads}`);
  }
  if (!Number.isInteger(c.pad_token_id) || c.pad_token_id < 0 || c.pad_token_id >= c.vocab_size) {
    problems.push(`pad_token_id must be an id below vocab_size ${c.vocab_size}, got ${JSON.stringify(c.pad_token_id)}`);
  }
  for (const f of ['hidden_dropout_prob', 'attention_probs_dropout_prob'] as const) {
    if (typeof c[f] !== 'number' || c[f] < 0 || c[f] >= 1) problems.push(`${f} must be in [0, 1), got ${JSON.stringify(c[f])}`);
  }
  if (!(c.layer_norm_eps > 0)) problems.push(`layer_norm_eps must be > 0, got ${JSON.stringify(c.layer_norm_eps)}`);
  if (c.hidden_act !== 'gelu' && c.hidden_act !== 'gelu_new')
    problems.push(`hidden_act "${String(c.hidden_act)}" is not supported (gelu or gelu_new)`);
  return problems;
}

/**
 * Validates a parsed config.json and fills HF defaults for absent optional fields.
 * `source` names the file in errors.
 */
export function parseEncoderConfig(raw: unknown, source: string): EncoderConfig {
  if (typeof raw !== 'object' || raw === null) throw new ConfigError([`${source} is not a JSON object`], 'model config');
  const r = raw as Record<string, unknown>;
  const arch = r.model_type;
  if (arch !== 'bert' && arch !== 'roberta') {
    throw new ConfigError(
      [`${source}: model_type ${JSON.stringify(arch)} is not supported; dml-lens runs the "bert" and "roberta" families`],
      'model config',
    );
  }
  const problems: string[] = [];
  if (r.position_embedding_type !== undefined && r.position_embedding_type !== 'absolute') {
    const pet = r.position_embedding_type;
    problems.push(`position_embedding_type "${typeof pet === 'string' ? pet : JSON.stringify(pet)}" is not supported (absolute only)`);
  }
  if (r.is_decoder === true || r.add_cross_attention === true)
    problems.push('decoder configs (is_decoder / add_cross_attention) are not supported');
  const act = r.hidden_act === 'gelu_python' ? 'gelu' : r.hidden_act;
  const config = { ...familyDefaults(arch), ...r, ...(act !== undefined ? { hidden_act: act } : {}) } as EncoderConfig;
  problems.push(...checkConfig(config));
  if (problems.length)
    throw new ConfigError(
      problems.map((p) => `${source}: ${p}`),
      'model config',
    );
  return config;
}
