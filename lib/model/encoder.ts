// BertModel / RobertaModel without pooler: embeddings, then N post-LN layers (attention, then
// feed-forward), returning typed outputs (docs/encoder.md). Dropout runs only when `training`.
import * as tf from '@tensorflow/tfjs';
import { SelfAttention, additiveMask } from './attention';
import { encoderParams } from './checkpoint-layout';
import { DropoutContext } from './dropout';
import { Embeddings } from './embeddings';
import { FeedForward } from './feed-forward';
import { recomputed, withoutGradient } from './gradient-scopes';
import { flattenParams } from './param-spec';
import type { ParamStore } from './params';
import type { EncodedBatch, EncoderConfig, EncoderOutput, ForwardOptions } from './types';

/** Forward options beyond the contract: dropout seeding for determinism and data parallelism. */
export interface EncoderForwardOptions extends ForwardOptions {
  /** Seed of this forward's dropout masks (training only); drawn from the model's stream when absent. */
  dropoutSeed?: number;
  /** Index of this batch's first row in the full batch, so split batches draw the same masks. */
  rowOffset?: number;
  /** Training: keep only each layer's input and recompute its forward in the backward (gradient-scopes.ts). */
  recompute?: boolean;
}

export class Encoder {
  readonly embeddings: Embeddings;
  private readonly layers: { attention: SelfAttention; feedForward: FeedForward }[] = [];
  private readonly declared: ReturnType<typeof encoderParams>;

  constructor(
    readonly config: EncoderConfig,
    private readonly params: ParamStore,
  ) {
    this.embeddings = new Embeddings(config, params);
    this.declared = encoderParams(config);
    for (let i = 0; i < config.num_hidden_layers; i++) {
      this.layers.push({ attention: new SelfAttention(config, params, i), feedForward: new FeedForward(config, params, i) });
    }
  }

  /** Layers from the bottom (embeddings first) with nothing to train: -1 when the embeddings train. */
  frozenPrefix(): number {
    if (this.params.trainableOf(flattenParams(this.declared.embeddings)).length) return -1;
    const i = this.declared.layers.findIndex((l) => this.params.trainableOf(flattenParams(l)).length > 0);
    return i < 0 ? this.layers.length : i;
  }

  /** Runs the encoder. Not tidied here: callers wrap in tf.tidy (or tf.grads) as they need. */
  forward(batch: EncodedBatch, opts: EncoderForwardOptions & { dropout?: DropoutContext } = {}): EncoderOutput {
    const dropout = opts.training ? opts.dropout : undefined;
    const mask = additiveMask(batch.attentionMask);
    const layerOf = (i: number, h: tf.Tensor3D, d?: DropoutContext) => {
      const { output, probs } = this.layers[i].attention.forward(h, mask, d);
      return { hidden: this.layers[i].feedForward.forward(output, d), probs };
    };
    /** Layer i in training with --recompute: only its input is kept; dropout re-seeded per call. */
    const recomputedLayer = (i: number, h: tf.Tensor3D) => {
      const seed = dropout?.nextSeed();
      const run = (x: tf.Tensor3D) => layerOf(i, x, seed === undefined ? undefined : new DropoutContext(seed, dropout!.rowOffset)).hidden;
      return recomputed(run, h, this.params.trainableOf(flattenParams(this.declared.layers[i])));
    };
    const recompute = Boolean(opts.recompute && opts.training && !opts.outputAttentions);
    // training with frozen bottom layers: run them without a tape (no activations kept for them)
    const prefix = opts.training && !opts.wordEmbeddings && !opts.outputHiddenStates && !opts.outputAttentions ? this.frozenPrefix() : -1;
    let hidden =
      prefix >= 0
        ? withoutGradient(() => {
            let h = this.embeddings.forward(batch.inputIds, batch.tokenTypeIds, dropout);
            for (let i = 0; i < prefix; i++) h = layerOf(i, h, dropout).hidden;
            return h;
          })
        : this.embeddings.forward(batch.inputIds, batch.tokenTypeIds, dropout, opts.wordEmbeddings);
    const hiddenStates: tf.Tensor3D[] = [hidden];
    const attentions: tf.Tensor4D[] = [];
    for (let i = Math.max(prefix, 0); i < this.layers.length; i++) {
      if (recompute) hidden = recomputedLayer(i, hidden);
      else {
        const out = layerOf(i, hidden, dropout);
        hidden = out.hidden;
        attentions.push(out.probs);
      }
      hiddenStates.push(hidden);
    }
    return {
      lastHiddenState: hidden,
      ...(opts.outputHiddenStates ? { hiddenStates } : {}),
      ...(opts.outputAttentions ? { attentions } : {}),
    };
  }
}
