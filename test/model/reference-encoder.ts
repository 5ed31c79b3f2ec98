// An independent plain-TypeScript BERT/RoBERTa forward pass (float64 loops over arrays, no
// tfjs), written from the transformers definitions (modeling_bert.py / modeling_roberta.py),
// for checking lib/model's encoder. Weights in HF (PyTorch) layout: Linear weight [out, in].
import type { EncoderConfig } from '../../lib/model/types';

export type Weights = Record<string, { shape: number[]; values: Float64Array }>;

type Matrix = Float64Array[]; // rows

function linear(x: Matrix, w: Weights[string], b: Weights[string]): Matrix {
  const [out, inp] = w.shape;
  return x.map((row) => {
    const y = new Float64Array(out);
    for (let o = 0; o < out; o++) {
      let s = b.values[o];
      for (let i = 0; i < inp; i++) s += w.values[o * inp + i] * row[i];
      y[o] = s;
    }
    return y;
  });
}

function layerNorm(x: Matrix, g: Weights[string], b: Weights[string], eps: number): Matrix {
  return x.map((row) => {
    const n = row.length;
    const mean = row.reduce((a, v) => a + v, 0) / n;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
    return row.map((v, i) => ((v - mean) / Math.sqrt(variance + eps)) * g.values[i] + b.values[i]);
  });
}

/** erf by its Maclaurin series (|x| < 3) / continued fraction tail; float64-accurate enough (1e-12). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 200; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction (Lentz), accurate for ax >= 3
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  return Math.sign(x) * (1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f);
}

function gelu(v: number, act: EncoderConfig['hidden_act']): number {
  if (act === 'gelu_new') return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
  return 0.5 * v * (1 + erf(v / Math.SQRT2));
}

function add(a: Matrix, b: Matrix): Matrix {
  return a.map((row, i) => row.map((v, j) => v + b[i][j]));
}

/** One sequence [L] of ids with its 0/1 mask → last hidden state [L][D] and per-layer attention probs [H][L][L]. */
export function referenceForward(
  config: EncoderConfig,
  w: Weights,
  ids: number[],
  mask: number[],
  typeIds?: number[],
): { hidden: Matrix; attentions: number[][][][] } {
  const p = config.model_type;
  const D = config.hidden_size;
  const H = config.num_attention_heads;
  const dh = D / H;
  const L = ids.length;
  const pad = config.pad_token_id;
  let running = 0;
  const positions = ids.map((id, t) => {
    if (p === 'bert') return t;
    if (id === pad) return pad; // create_position_ids_from_input_ids
    running += 1;
    return pad + running;
  });
  const row = (name: string, r: number) => w[name].values.slice(r * D, (r + 1) * D);
  let x: Matrix = ids.map((id, t) => {
    const e = row(`${p}.embeddings.word_embeddings.weight`, id);
    const pe = row(`${p}.embeddings.position_embeddings.weight`, positions[t]);
    const te = row(`${p}.embeddings.token_type_embeddings.weight`, typeIds?.[t] ?? 0);
    return e.map((v, j) => v + pe[j] + te[j]);
  });
  x = layerNorm(x, w[`${p}.embeddings.LayerNorm.weight`], w[`${p}.embeddings.LayerNorm.bias`], config.layer_norm_eps);
  const attentions: number[][][][] = [];
  for (let l = 0; l < config.num_hidden_layers; l++) {
    const n = `${p}.encoder.layer.${l}`;
    const lin = (name: string, input: Matrix) => linear(input, w[`${n}.${name}.weight`], w[`${n}.${name}.bias`]);
    const q = lin('attention.self.query', x);
    const k = lin('attention.self.key', x);
    const v = lin('attention.self.value', x);
    const context: Matrix = Array.from({ length: L }, () => new Float64Array(D));
    const layerProbs: number[][][] = [];
    for (let h = 0; h < H; h++) {
      const probsH: number[][] = [];
      for (let i = 0; i < L; i++) {
        const scores = Array.from({ length: L }, (_, j) => {
          if (!mask[j]) return -Infinity;
          let s = 0;
          for (let d = 0; d < dh; d++) s += q[i][h * dh + d] * k[j][h * dh + d];
          return s / Math.sqrt(dh);
        });
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const z = e.reduce((a, b) => a + b, 0);
        const probs = e.map((v2) => v2 / z);
        probsH.push(probs);
        for (let d = 0; d < dh; d++) {
          let s = 0;
          for (let j = 0; j < L; j++) s += probs[j] * v[j][h * dh + d];
          context[i][h * dh + d] = s;
        }
      }
      layerProbs.push(probsH);
    }
    attentions.push(layerProbs);
    const attnOut = layerNorm(
      add(lin('attention.output.dense', context), x),
      w[`${n}.attention.output.LayerNorm.weight`],
      w[`${n}.attention.output.LayerNorm.bias`],
      config.layer_norm_eps,
    );
    const inter = lin('intermediate.dense', attnOut).map((r) => r.map((val) => gelu(val, config.hidden_act)));
    x = layerNorm(
      add(lin('output.dense', inter), attnOut),
      w[`${n}.output.LayerNorm.weight`],
      w[`${n}.output.LayerNorm.bias`],
      config.layer_norm_eps,
    );
  }
  return { hidden: x, attentions };
}

/** Classification logits from the first token (RoBERTa head or BERT pooler + classifier), no dropout. */
export function referenceLogits(config: EncoderConfig, w: Weights, hidden: Matrix): number[] {
  const cls = [hidden[0]];
  if (config.model_type === 'roberta') {
    const h = linear(cls, w['classifier.dense.weight'], w['classifier.dense.bias']).map((r) => r.map(Math.tanh));
    return [...linear(h, w['classifier.out_proj.weight'], w['classifier.out_proj.bias'])[0]];
  }
  const pooled = linear(cls, w['bert.pooler.dense.weight'], w['bert.pooler.dense.bias']).map((r) => r.map(Math.tanh));
  return [...linear(pooled, w['classifier.weight'], w['classifier.bias'])[0]];
}
