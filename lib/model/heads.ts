// Sequence-classification heads on the first token (<s> / [CLS]):
//   RobertaClassificationHead: x → dropout → dense → tanh → dropout → out_proj
//   BERT: BertPooler (dense → tanh) → dropout → classifier (Linear)
// Dropout rate: classifier_dropout, else hidden_dropout_prob (as HF).
import * as tf from '@tensorflow/tfjs';
import { dense } from './dense';
import type { DropoutContext } from './dropout';
import { headParams, type HeadParams } from './checkpoint-layout';
import type { ParamStore } from './params';
import type { EncoderConfig } from './types';

export class ClassificationHead {
  private readonly rate: number;
  private readonly p: HeadParams;

  constructor(
    private readonly config: EncoderConfig,
    private readonly params: ParamStore,
    numLabels: number,
  ) {
    this.rate = config.classifier_dropout ?? config.hidden_dropout_prob;
    this.p = headParams(config, numLabels);
  }

  private drop(x: tf.Tensor2D, dropout?: DropoutContext): tf.Tensor2D {
    return (dropout ? dropout.apply(x, this.rate) : x) as tf.Tensor2D;
  }

  /** cls [B, D] → logits [B, C]. */
  forward(cls: tf.Tensor2D, dropout?: DropoutContext): tf.Tensor2D {
    const { p, params } = this;
    if (this.config.model_type === 'roberta') {
      const hidden = tf.tanh(dense(params, p.hidden, this.drop(cls, dropout))) as tf.Tensor2D;
      return dense(params, p.output, this.drop(hidden, dropout)) as tf.Tensor2D;
    }
    const pooled = tf.tanh(dense(params, p.hidden, cls)) as tf.Tensor2D;
    return dense(params, p.output, this.drop(pooled, dropout)) as tf.Tensor2D;
  }
}
