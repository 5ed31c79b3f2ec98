// Attention maps through onnxruntime: the classifier's in-memory weights written as the exporter's
// `--with-attentions` graph (lib/onnx/encoder-graph: every layer's softmax probabilities as an
// output), one session per explanation batch. Used by the attention and rollout methods when the
// inference engine is onnxruntime (lib/onnx/inference-choice); tfjs stays the fallback, and the
// gradient methods never come here. Same maps as the tfjs forward within 1e-4
// (test/explain/onnx-attention.test.ts).
import type { SequenceClassifier, TokenBatch } from '../model/types';
import { classifierSession } from '../onnx/classifier-session';
import { inferenceEngine } from '../onnx/inference-choice';
import type { OnnxEncoderSession } from '../onnx/session';
import type { Matrix } from './rollout';
import type { TextInput } from './text-input';

/** One sentence as a batch of one row, no padding. */
function sentenceBatch(input: TextInput): TokenBatch {
  const L = input.tok.ids.length;
  return {
    inputIds: Int32Array.from(input.tok.ids),
    attentionMask: new Int32Array(L).fill(1),
    tokenTypeIds: Int32Array.from(input.tok.typeIds),
    batchSize: 1,
    seqLen: L,
    lengths: [L],
  };
}

/** [H, L, L] flat probabilities → [head][query][key]. */
function headMatrices(flat: Float32Array, heads: number, L: number): Matrix[] {
  return Array.from({ length: heads }, (_, h) =>
    Array.from({ length: L }, (_, i) => Array.from(flat.subarray((h * L + i) * L, (h * L + i + 1) * L))),
  );
}

export class OnnxAttention {
  private constructor(
    private readonly session: OnnxEncoderSession,
    private readonly heads: number,
  ) {}

  /**
   * A session for `classifier` when inference runs on onnxruntime; undefined on tfjs, or when the
   * graph cannot be built or loaded (then the caller uses tfjs; with DML_INFERENCE=onnx it is an error).
   */
  static async open(classifier: SequenceClassifier): Promise<OnnxAttention | undefined> {
    if ((await inferenceEngine(classifier)) !== 'onnxruntime') return undefined;
    try {
      return new OnnxAttention(await classifierSession(classifier, { withAttentions: true }), classifier.config.num_attention_heads);
    } catch (err) {
      if (process.env.DML_INFERENCE?.trim().toLowerCase() === 'onnx') throw err;
      process.stderr.write(`dml-lens: onnxruntime could not run this model (${(err as Error).message}); attention on tfjs\n`);
      return undefined;
    }
  }

  /** The input with its logits and [layer][head][L][L] maps attached (the explainers read them instead of running tfjs). */
  async annotate(input: TextInput): Promise<TextInput> {
    const L = input.tok.ids.length;
    const out = await this.session.run(sentenceBatch(input), { attentions: true });
    const maps = out.attentions!.map((a) => headMatrices(a, this.heads, L));
    return { ...input, computed: { logits: Array.from(out.logits), attention: maps } };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
