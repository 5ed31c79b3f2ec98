// BertModel / RobertaModel without pooler: embeddings, then N post-LN layers (attention, then
// feed-forward), returning typed outputs (STYLE.md §3). Dropout runs only when `training`.
import * as tf from '@tensorflow/tfjs';
import { SelfAttention, additiveMask, attentionParams } from './attention';
import { DropoutContext } from './dropout';
import { Embeddings, embeddingParams } from './embeddings';
import { FeedForward, feedForwardParams } from './feed-forward';
import type { ParamStore } from './params';
import type { EncodedBatch, EncoderConfig, EncoderOutput, ForwardOptions } from './types';

/** Forward options beyond the contract: dropout seeding for determinism and data parallelism. */
export interface EncoderForwardOptions extends ForwardOptions {
  /** Seed of this forward's dropout masks (training only); drawn from the model's stream when absent. */
  dropoutSeed?: number;
  /** Index of this batch's first row in the full batch, so split batches draw the same masks. */
  rowOffset?: number;
}

/** The encoder's tensors in checkpoint order: embeddings, then per layer attention and feed-forward. */
export function encoderParams(config: EncoderConfig) {
  return {
    embeddings: embeddingParams(config),
    layers: Array.from({ length: config.num_hidden_layers }, (_, i) => ({ attention: attentionParams(config, i), feedForward: feedForwardParams(config, i) })),
  };
}

export class Encoder {
  readonly embeddings: Embeddings;
  private readonly layers: { attention: SelfAttention; feedForward: FeedForward }[] = [];

  constructor(readonly config: EncoderConfig, params: ParamStore) {
    this.embeddings = new Embeddings(config, params);
    for (let i = 0; i < config.num_hidden_layers; i++) {
      this.layers.push({ attention: new SelfAttention(config, params, i), feedForward: new FeedForward(config, params, i) });
    }
  }

  /** Runs the encoder. Not tidied here: callers wrap in tf.tidy (or tf.grads) as they need. */
  forward(batch: EncodedBatch, opts: EncoderForwardOptions & { dropout?: DropoutContext } = {}): EncoderOutput {
    const dropout = opts.training ? opts.dropout : undefined;
    const mask = additiveMask(batch.attentionMask);
    let hidden = this.embeddings.forward(batch.inputIds, batch.tokenTypeIds, dropout, opts.wordEmbeddings);
    const hiddenStates: tf.Tensor3D[] = [hidden];
    const attentions: tf.Tensor4D[] = [];
    for (const layer of this.layers) {
      const { output, probs } = layer.attention.forward(hidden, mask, dropout);
      hidden = layer.feedForward.forward(output, dropout);
      hiddenStates.push(hidden);
      attentions.push(probs);
    }
    return {
      lastHiddenState: hidden,
      ...(opts.outputHiddenStates ? { hiddenStates } : {}),
      ...(opts.outputAttentions ? { attentions } : {}),
    };
  }
}
