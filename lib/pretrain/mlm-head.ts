// The masked-language-model head of BERT (BertLMPredictionHead) and RoBERTa (RobertaLMHead):
//   t = LayerNorm(gelu(h W^T + b)),  logits = t E^T + bias,   E = the word-embedding table (tied).
// Weights use Hugging Face names and layouts ([out, in] for dense weights), so the head saved to
// `mlm_head.safetensors` loads into BertForMaskedLM / RobertaForMaskedLM next to the encoder.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/random';
import type { Arch, EncoderConfig } from '../model/types';
import { matMul } from '../backend/fast-matmul';

interface HeadNames {
  denseW: string;
  denseB: string;
  lnW: string;
  lnB: string;
  bias: string;
}

const NAMES: Record<Arch, HeadNames> = {
  bert: {
    denseW: 'cls.predictions.transform.dense.weight',
    denseB: 'cls.predictions.transform.dense.bias',
    lnW: 'cls.predictions.transform.LayerNorm.weight',
    lnB: 'cls.predictions.transform.LayerNorm.bias',
    bias: 'cls.predictions.bias',
  },
  roberta: {
    denseW: 'lm_head.dense.weight',
    denseB: 'lm_head.dense.bias',
    lnW: 'lm_head.layer_norm.weight',
    lnB: 'lm_head.layer_norm.bias',
    bias: 'lm_head.bias',
  },
};

let instances = 0;

export class MlmHead {
  private readonly names: HeadNames;
  /** tfjs variable names are global: a per-instance prefix keeps two heads apart. */
  private readonly tag = `mlm${++instances}/`;
  readonly weights: Record<string, tf.Variable>;

  constructor(
    readonly config: EncoderConfig,
    init: Record<string, tf.Tensor> | undefined,
    seed: number,
  ) {
    this.names = NAMES[config.model_type];
    const d = config.hidden_size;
    const std = config.initializer_range ?? 0.02;
    const rng = new Rng(seed);
    const make = (name: string, shape: number[], fill: () => Float32Array) =>
      tf.tidy(() => tf.variable(init?.[name] ? init[name].clone() : tf.tensor(fill(), shape), true, `${this.tag}${name}`));
    const n = this.names;
    this.weights = {
      [n.denseW]: make(n.denseW, [d, d], () => rng.normalArray(d * d, 0, std)),
      [n.denseB]: make(n.denseB, [d], () => new Float32Array(d)),
      [n.lnW]: make(n.lnW, [d], () => new Float32Array(d).fill(1)),
      [n.lnB]: make(n.lnB, [d], () => new Float32Array(d)),
      [n.bias]: make(n.bias, [config.vocab_size], () => new Float32Array(config.vocab_size)),
    };
  }

  variables(): tf.Variable[] {
    return Object.values(this.weights);
  }

  /** Vocabulary logits [N, V] for hidden states [N, D]. */
  logits(hidden: tf.Tensor2D, wordEmbeddings: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const n = this.names;
      const w = this.weights;
      const h = matMul(hidden, w[n.denseW] as tf.Tensor2D, false, true).add(w[n.denseB]);
      const act = h.mul(tf.erf(h.div(Math.SQRT2)).add(1)).mul<tf.Tensor2D>(0.5); // erf GELU
      const { mean, variance } = tf.moments(act, -1, true);
      const normed = act.sub(mean).mul(tf.rsqrt(variance.add(this.config.layer_norm_eps)));
      const t = normed.mul(w[n.lnW]).add<tf.Tensor2D>(w[n.lnB]);
      return matMul(t, wordEmbeddings, false, true).add<tf.Tensor2D>(w[n.bias]);
    });
  }

  /** Hugging Face name of one of this head's variables. */
  hfName(v: tf.Variable): string {
    return v.name.slice(this.tag.length);
  }

  /** Hugging Face-named tensors for saving. */
  namedTensors(): Record<string, tf.Tensor> {
    return { ...this.weights };
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
  }
}
