// Contracts of the model layer, shared by training, explanations and the CLI.
// Implementations: lib/model/encoder.ts, heads.ts, classifier.ts, tokenizer.ts.
import type * as tf from '@tensorflow/tfjs';

export type Arch = 'bert' | 'roberta';

/** Hugging Face `config.json` fields we read and write (snake_case as in HF). */
export interface EncoderConfig {
  model_type: Arch;
  architectures?: string[];
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  hidden_act: 'gelu' | 'gelu_new';
  hidden_dropout_prob: number;
  attention_probs_dropout_prob: number;
  max_position_embeddings: number;
  type_vocab_size: number;
  layer_norm_eps: number;
  pad_token_id: number;
  bos_token_id?: number;
  eos_token_id?: number;
  initializer_range?: number;
  classifier_dropout?: number | null;
  num_labels?: number;
  id2label?: Record<string, string>;
  label2id?: Record<string, number>;
}

/** Token ids of a padded batch as flat row-major arrays ([batchSize * seqLen]). */
export interface TokenBatch {
  inputIds: Int32Array;
  attentionMask: Int32Array; // 1 = real token, 0 = padding
  tokenTypeIds: Int32Array;
  batchSize: number;
  seqLen: number;
  lengths: number[]; // real tokens per row
}

/** The same batch as tensors ([B, L], int32). */
export interface EncodedBatch {
  inputIds: tf.Tensor2D;
  attentionMask: tf.Tensor2D;
  tokenTypeIds: tf.Tensor2D;
}

export interface ForwardOptions {
  /** Dropout active (training only). */
  training?: boolean;
  outputHiddenStates?: boolean;
  outputAttentions?: boolean;
  /** [B, L, D] replaces the word-embedding lookup (integrated gradients); position and
   *  token-type embeddings are still added, then LayerNorm. */
  wordEmbeddings?: tf.Tensor3D;
}

export interface EncoderOutput {
  lastHiddenState: tf.Tensor3D; // [B, L, D]
  hiddenStates?: tf.Tensor3D[]; // embedding output, then each layer's output
  attentions?: tf.Tensor4D[]; // per layer [B, H, L, L], softmax probabilities
}

export interface ClassifierOutput extends EncoderOutput {
  logits: tf.Tensor2D; // [B, C]
  cls: tf.Tensor2D; // first-token embedding lastHiddenState[:, 0, :]
}

export interface Tokenized {
  ids: number[];
  tokens: string[];
  typeIds: number[];
  /** Index of the whitespace word each token belongs to; null for special tokens. */
  wordIds: (number | null)[];
}

export interface TextTokenizer {
  readonly vocabSize: number;
  readonly padId: number;
  readonly clsId: number; // [CLS] or <s>
  readonly sepId: number; // [SEP] or </s>
  readonly maskId: number;
  readonly unkId: number;
  /** Special tokens added, truncated to maxLength (pairs: longest-first). */
  encode(text: string, pair?: string, maxLength?: number): Tokenized;
  /** Encodes and pads to the longest row (at most maxLength). */
  encodeBatch(texts: string[], pairs: (string | undefined)[] | undefined, maxLength: number): TokenBatch;
  decode(ids: number[]): string;
}

/** Encoder + classification head (+ its tokenizer), as loaded from a Hugging Face folder. */
export interface SequenceClassifier {
  readonly config: EncoderConfig;
  readonly numLabels: number;
  readonly tokenizer: TextTokenizer;
  forward(batch: EncodedBatch, opts?: ForwardOptions): ClassifierOutput;
  /** Word-embedding table [V, D] (for IG baselines and input embeddings). */
  wordEmbeddingTable(): tf.Variable;
  /** Encoder + head variables, in a stable order. */
  trainableVariables(): tf.Variable[];
  /** Writes config.json, model.safetensors and the tokenizer files in HF format. */
  save(dir: string): Promise<void>;
  dispose(): void;
}
