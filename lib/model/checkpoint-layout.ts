// The checkpoint layout of BertForSequenceClassification / RobertaForSequenceClassification: every
// module's tensors as Hugging Face names them, with shapes and init (param-spec.ts), declared once.
// The modules (embeddings.ts, attention.ts, feed-forward.ts, encoder.ts, heads.ts) compute with
// these handles; weight-names.ts flattens them. No tfjs here, so readers of checkpoint files
// (ONNX export, the what-if route) can use the layout without loading tfjs.
import { embeddingParam, linearParams, normParams, type LinearParams } from './param-spec';
import type { EncoderConfig } from './types';

/** The embedding tables and their LayerNorm, as HF names them (`roberta.embeddings.*`). */
export function embeddingParams(config: EncoderConfig) {
  const p = `${config.model_type}.embeddings`;
  const D = config.hidden_size;
  return {
    word: embeddingParam(`${p}.word_embeddings`, config.vocab_size, D),
    position: embeddingParam(`${p}.position_embeddings`, config.max_position_embeddings, D),
    tokenType: embeddingParam(`${p}.token_type_embeddings`, config.type_vocab_size, D),
    norm: normParams(`${p}.LayerNorm`, D),
  };
}

/** Layer `layer`'s attention tensors, as HF names them (`<family>.encoder.layer.<i>.attention.*`). */
export function attentionParams(config: EncoderConfig, layer: number) {
  const p = `${config.model_type}.encoder.layer.${layer}.attention`;
  const D = config.hidden_size;
  return {
    query: linearParams(`${p}.self.query`, D, D),
    key: linearParams(`${p}.self.key`, D, D),
    value: linearParams(`${p}.self.value`, D, D),
    output: linearParams(`${p}.output.dense`, D, D),
    norm: normParams(`${p}.output.LayerNorm`, D),
  };
}

/** Layer `layer`'s feed-forward tensors, as HF names them (`<family>.encoder.layer.<i>.intermediate/output.*`). */
export function feedForwardParams(config: EncoderConfig, layer: number) {
  const p = `${config.model_type}.encoder.layer.${layer}`;
  const D = config.hidden_size;
  const I = config.intermediate_size;
  return {
    intermediate: linearParams(`${p}.intermediate.dense`, I, D),
    output: linearParams(`${p}.output.dense`, D, I),
    norm: normParams(`${p}.output.LayerNorm`, D),
  };
}

/** The encoder's tensors in checkpoint order: embeddings, then per layer attention and feed-forward. */
export function encoderParams(config: EncoderConfig) {
  return {
    embeddings: embeddingParams(config),
    layers: Array.from({ length: config.num_hidden_layers }, (_, i) => ({
      attention: attentionParams(config, i),
      feedForward: feedForwardParams(config, i),
    })),
  };
}

/** The head's two dense layers: `hidden` (tanh after it) and `output` (the logits). */
export type HeadParams = {
  hidden: LinearParams;
  output: LinearParams;
};

/** BERT: pooler (`bert.pooler.dense`) then `classifier`; RoBERTa: `classifier.dense` + `classifier.out_proj`. */
export function headParams(config: EncoderConfig, numLabels: number): HeadParams {
  const D = config.hidden_size;
  if (config.model_type === 'roberta')
    return { hidden: linearParams('classifier.dense', D, D), output: linearParams('classifier.out_proj', numLabels, D) };
  return { hidden: linearParams('bert.pooler.dense', D, D), output: linearParams('classifier', numLabels, D) };
}
