// A tiny SequenceClassifier with closed-form behaviour for explanation tests:
// whitespace tokenizer (one token per word), logits = act(Σ_t mask_t (e_t + p_t)) · W + b, where e_t
// is the word embedding (or the `wordEmbeddings` override) and p_t a position embedding.
// With act = identity, F is linear in the word embeddings, so IG = (x − x')·W[:, c] exactly.
import * as tf from '@tensorflow/tfjs';
import type {
  ClassifierOutput,
  EncodedBatch,
  EncoderConfig,
  ForwardOptions,
  SequenceClassifier,
  TextTokenizer,
  Tokenized,
  TokenBatch,
} from '../../lib/model/types';

export const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

export class ToyTokenizer implements TextTokenizer {
  readonly padId = 0;
  readonly unkId = 1;
  readonly clsId = 2;
  readonly sepId = 3;
  readonly maskId = 4;
  readonly index = new Map<string, number>();
  constructor(readonly vocab: string[]) {
    vocab.forEach((w, i) => this.index.set(w, i));
  }
  get vocabSize(): number {
    return this.vocab.length;
  }
  encode(text: string, pair?: string, maxLength = 64): Tokenized {
    const out: Tokenized = { ids: [this.clsId], tokens: ['[CLS]'], typeIds: [0], wordIds: [null] };
    const add = (s: string, type: number) => {
      s.trim()
        .split(/\s+/)
        .filter(Boolean)
        .forEach((w, i) => {
          const id = this.index.get(w) ?? this.unkId;
          out.ids.push(id);
          out.tokens.push(this.vocab[id]);
          out.typeIds.push(type);
          out.wordIds.push(i);
        });
      out.ids.push(this.sepId);
      out.tokens.push('[SEP]');
      out.typeIds.push(type);
      out.wordIds.push(null);
    };
    add(text, 0);
    if (pair !== undefined) add(pair, 1);
    if (out.ids.length > maxLength) {
      for (const k of ['ids', 'tokens', 'typeIds', 'wordIds'] as const) (out[k] as unknown[]).splice(maxLength - 1);
      out.ids.push(this.sepId);
      out.tokens.push('[SEP]');
      out.typeIds.push(0);
      out.wordIds.push(null);
    }
    return out;
  }
  encodeBatch(): TokenBatch {
    throw new Error('not used');
  }
  decode(ids: number[]): string {
    return ids.map((i) => this.vocab[i]).join(' ');
  }
}

export interface ToyOptions {
  words: string[];
  /** Word → embedding row (others: small seeded values). */
  embeddings?: Record<string, number[]>;
  dim?: number;
  numLabels?: number;
  /** 'tanh' makes F non-linear. */
  activation?: 'identity' | 'tanh';
  seed?: number;
}

export class ToyClassifier implements SequenceClassifier {
  readonly tokenizer: ToyTokenizer;
  readonly numLabels: number;
  readonly config = { model_type: 'bert' } as EncoderConfig;
  readonly table: tf.Variable;
  readonly pos: tf.Tensor2D;
  readonly w: tf.Tensor2D;
  readonly b: tf.Tensor1D;
  constructor(readonly opts: ToyOptions) {
    const vocab = [...SPECIALS, ...opts.words];
    this.tokenizer = new ToyTokenizer(vocab);
    const dim = opts.dim ?? 2;
    this.numLabels = opts.numLabels ?? 2;
    let s = opts.seed ?? 1;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 0.4;
    const rows = vocab.map((w) => opts.embeddings?.[w] ?? Array.from({ length: dim }, rnd));
    this.table = tf.variable(tf.tensor2d(rows), false);
    this.pos = tf.tensor2d(Array.from({ length: 64 }, () => Array.from({ length: dim }, rnd)));
    this.w = tf.tensor2d(
      Array.from({ length: dim }, (_, d) => Array.from({ length: this.numLabels }, (_, c) => (d % this.numLabels === c ? 1 : 0))),
    );
    this.b = tf.zeros([this.numLabels]);
  }
  forward(batch: EncodedBatch, opts: ForwardOptions = {}): ClassifierOutput {
    return tf.tidy(() => {
      const L = batch.inputIds.shape[1];
      const e = opts.wordEmbeddings ?? (tf.gather(this.table, batch.inputIds) as tf.Tensor3D);
      const x = tf.add(e, tf.slice(this.pos, [0, 0], [L, -1]).expandDims(0));
      const mask = tf.cast(batch.attentionMask, 'float32').expandDims(2);
      const h0 = tf.sum<tf.Tensor2D>(tf.mul(x, mask), 1);
      const h = this.opts.activation === 'tanh' ? tf.tanh(h0) : h0;
      const logits = tf.add<tf.Tensor2D>(tf.matMul(h, this.w), this.b);
      return { logits, cls: h, lastHiddenState: x as tf.Tensor3D };
    });
  }
  wordEmbeddingTable(): tf.Variable {
    return this.table;
  }
  trainableVariables(): tf.Variable[] {
    return [this.table];
  }
  async save(): Promise<void> {}
  dispose(): void {
    tf.dispose([this.table, this.pos, this.w, this.b]);
  }
}
