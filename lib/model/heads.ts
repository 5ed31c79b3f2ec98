// Sequence-classification heads on the first token (<s> / [CLS]):
//   RobertaClassificationHead: x → dropout → dense → tanh → dropout → out_proj
//   BERT: BertPooler (dense → tanh) → dropout → classifier (Linear)
// Dropout rate: classifier_dropout, else hidden_dropout_prob (as HF).
import * as tf from '@tensorflow/tfjs';
import type { DropoutContext } from './dropout';
import { linear } from '../backend/fast-matmul';
import type { ParamStore } from './params';
import type { EncoderConfig } from './types';

export class ClassificationHead {
  private readonly rate: number;

  constructor(private readonly config: EncoderConfig, private readonly params: ParamStore) {
    this.rate = config.classifier_dropout ?? config.hidden_dropout_prob;
  }

  private dense(x: tf.Tensor2D, name: string): tf.Tensor2D {
    return linear(x, this.params.get(`${name}.weight`) as tf.Tensor2D, this.params.get(`${name}.bias`) as tf.Tensor1D) as tf.Tensor2D;
  }

  private drop(x: tf.Tensor2D, dropout?: DropoutContext): tf.Tensor2D {
    return (dropout ? dropout.apply(x, this.rate) : x) as tf.Tensor2D;
  }

  /** cls [B, D] → logits [B, C]. */
  forward(cls: tf.Tensor2D, dropout?: DropoutContext): tf.Tensor2D {
    if (this.config.model_type === 'roberta') {
      const hidden = tf.tanh(this.dense(this.drop(cls, dropout), 'classifier.dense')) as tf.Tensor2D;
      return this.dense(this.drop(hidden, dropout), 'classifier.out_proj');
    }
    const pooled = tf.tanh(this.dense(cls, 'bert.pooler.dense')) as tf.Tensor2D;
    return this.dense(this.drop(pooled, dropout), 'classifier');
  }
}
