// BertEmbeddings / RobertaEmbeddings: word + position + token-type embeddings, LayerNorm, dropout.
// The only RoBERTa difference is the position ids (transformers'
// create_position_ids_from_input_ids): real tokens count from padding_idx + 1, padding keeps
// padding_idx. BERT positions are 0..L-1. Frozen tables held in 16 bits (--weights-dtype) are read
// row by row, never expanded whole.
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../errors';
import type { DropoutContext } from './dropout';
import { layerNorm } from './layer-norm';
import { embeddingParams } from './checkpoint-layout';
import type { ParamStore } from './params';
import type { EncoderConfig } from './types';

export class Embeddings {
  private readonly p: ReturnType<typeof embeddingParams>;

  constructor(
    private readonly config: EncoderConfig,
    private readonly params: ParamStore,
  ) {
    this.p = embeddingParams(config);
  }

  wordTable(): tf.Variable {
    return this.params.get(this.p.word);
  }

  /** [B, L] int32 → [B, L] int32 position ids. */
  positionIds(inputIds: tf.Tensor2D): tf.Tensor2D {
    const [, L] = inputIds.shape;
    const { pad_token_id: pad, max_position_embeddings: maxPos } = this.config;
    if (this.config.model_type === 'roberta') {
      if (pad + L >= maxPos)
        throw new UserError(`sequence length ${L} exceeds the model's ${maxPos - pad - 1} positions; lower the max length`);
      const real = tf.cast(tf.notEqual(inputIds, pad), 'int32'); // 1 for tokens, 0 for padding
      return tf.add<tf.Tensor2D>(tf.mul(tf.cumsum(real, 1), real), tf.scalar(pad, 'int32'));
    }
    if (L > maxPos) throw new UserError(`sequence length ${L} exceeds the model's ${maxPos} positions; lower the max length`);
    return tf.tile(tf.range(0, L, 1, 'int32').expandDims(0), [inputIds.shape[0], 1]) as tf.Tensor2D;
  }

  /**
   * Embedding output [B, L, D]. `wordEmbeddings` [B, L, D] replaces the word lookup (integrated
   * gradients); positions still come from `inputIds`.
   */
  forward(inputIds: tf.Tensor2D, tokenTypeIds: tf.Tensor2D, dropout?: DropoutContext, wordEmbeddings?: tf.Tensor3D): tf.Tensor3D {
    const { p, params } = this;
    const rows = (name: string, ids: tf.Tensor2D) => params.half(name)?.gatherRows(ids) ?? tf.gather(params.get(name), ids);
    const words = wordEmbeddings ?? rows(p.word.name, inputIds);
    const positions = rows(p.position.name, this.positionIds(inputIds));
    const types = rows(p.tokenType.name, tokenTypeIds);
    // the token-type rows go in as LayerNorm's residual (one native pass where the addon is loaded)
    const normed = layerNorm(
      tf.add(words, positions),
      params.get(p.norm.weight),
      params.get(p.norm.bias),
      this.config.layer_norm_eps,
      types,
    );
    return (dropout ? dropout.apply(normed, this.config.hidden_dropout_prob) : normed) as tf.Tensor3D;
  }
}
