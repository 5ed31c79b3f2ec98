// The ONNX graph of BertForSequenceClassification / RobertaForSequenceClassification, built from
// Hugging Face-named weights in PyTorch layout (lib/model/weight-names.ts). The same math as
// lib/model (docs/encoder.md): embeddings (RoBERTa positions = cumsum(ids != pad) * (ids != pad)
// + pad, as transformers' create_position_ids_from_input_ids), N post-LN layers
// (./standard-layer, or ./fused-layer for onnxruntime alone),
// and the classification head on the first token. Inputs input_ids, attention_mask (and
// token_type_ids for BERT), int64 [batch, sequence]; outputs logits [batch, labels] and
// last_hidden_state [batch, sequence, hidden], optionally attentions.<i> [batch, heads, seq, seq].
// float16 stores every weight as float16 and casts it to float32 once (compute stays float32).
import { UserError } from '../errors';
import type { EncoderConfig } from '../model/types';
import { toFloat16Bits } from '../util/float16';
import { fusedLayers } from './fused-layer';
import { GraphBuilder, tensorProto } from './graph-builder';
import type { LayerContext } from './layer-context';
import { standardLayers } from './standard-layer';

/** One weight by its HF name: float32 values in PyTorch layout (Linear: [out, in]). */
export type WeightSource = (name: string) => { data: Float32Array; shape: number[] };

export interface EncoderGraphOptions {
  numLabels: number;
  withAttentions?: boolean;
  precision?: 'float32' | 'float16';
  /**
   * Layers as onnxruntime contrib kernels (./fused-layer): faster on onnxruntime, unreadable
   * elsewhere, so only for graphs built in memory for dml-lens's own inference; float32 and
   * without attention outputs (the Attention kernel does not return its probabilities).
   */
  fused?: boolean;
}

function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

class WeightWriter {
  constructor(
    private readonly g: GraphBuilder,
    private readonly precision: 'float32' | 'float16',
  ) {}

  /** Adds a weight and returns the name of its float32 value (a Cast output for float16). */
  add(name: string, dims: number[], values: Float32Array): string {
    if (this.precision === 'float32') return this.g.floats(name, dims, values);
    const half = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) half[i] = toFloat16Bits(values[i]);
    this.g.initializer(tensorProto(`${name}_fp16`, 'float16', dims, new Uint8Array(half.buffer)));
    return this.g.op('Cast', [`${name}_fp16`], { to: 1 }, name);
  }
}

export function buildEncoderGraph(config: EncoderConfig, weight: WeightSource, opts: EncoderGraphOptions): Uint8Array {
  if (config.model_type !== 'bert' && config.model_type !== 'roberta') {
    throw new UserError(`cannot export model_type "${String(config.model_type)}": the ONNX exporter knows the bert and roberta families`);
  }
  const g = new GraphBuilder(`${config.model_type}_for_sequence_classification`);
  const w = new WeightWriter(g, opts.precision ?? 'float32');
  const p = config.model_type;
  const D = config.hidden_size;
  const get = (name: string) => weight(name).data;
  /** Linear layer: weight [out, in] stored transposed [in, out] for MatMul. */
  const linearW = (name: string) => {
    const { data, shape } = weight(`${name}.weight`);
    return w.add(`${name}.weight_t`, [shape[1], shape[0]], transpose(data, shape[0], shape[1]));
  };
  const bias = (name: string) => w.add(`${name}.bias`, [weight(`${name}.bias`).shape[0]], get(`${name}.bias`));
  const linear = (x: string, name: string) => g.op('Add', [g.op('MatMul', [x, linearW(name)]), bias(name)]);
  const norm = (x: string, name: string, outName?: string) =>
    g.op(
      'LayerNormalization',
      [x, w.add(`${name}.weight`, [D], get(`${name}.weight`)), w.add(`${name}.bias`, [D], get(`${name}.bias`))],
      { axis: -1, epsilon: { float: config.layer_norm_eps } },
      outName,
    );

  const dims = ['batch', 'sequence'];
  const inputIds = g.input('input_ids', 'int64', dims);
  const attentionMask = g.input('attention_mask', 'int64', dims);
  const tokenTypeIds = p === 'bert' ? g.input('token_type_ids', 'int64', dims) : undefined;
  const scalarInt = (name: string, v: number) => g.ints(name, [v], []);

  // embeddings
  const table = (name: string) => {
    const { data, shape } = weight(`${p}.embeddings.${name}.weight`);
    return w.add(`${p}.embeddings.${name}.weight`, shape, data);
  };
  const words = g.op('Gather', [table('word_embeddings'), inputIds]);
  let positionIds: string;
  if (p === 'roberta') {
    const pad = scalarInt('pad_token_id', config.pad_token_id);
    const real = g.op('Cast', [g.op('Not', [g.op('Equal', [inputIds, pad])])], { to: 7 });
    positionIds = g.op('Add', [g.op('Mul', [g.op('CumSum', [real, scalarInt('axis_1', 1)]), real]), pad], {}, 'position_ids');
  } else {
    const seqLen = g.op('Gather', [g.op('Shape', [inputIds]), scalarInt('index_1', 1)], { axis: 0 });
    positionIds = g.op('Range', [scalarInt('zero', 0), seqLen, scalarInt('one', 1)], {}, 'position_ids');
  }
  const positions = g.op('Gather', [table('position_embeddings'), positionIds]);
  let types: string;
  if (tokenTypeIds) types = g.op('Gather', [table('token_type_embeddings'), tokenTypeIds]);
  else types = w.add(`${p}.embeddings.token_type_embeddings.row0`, [D], get(`${p}.embeddings.token_type_embeddings.weight`).slice(0, D));
  let hidden = norm(g.op('Add', [g.op('Add', [words, positions]), types]), `${p}.embeddings.LayerNorm`);

  const fused = Boolean(opts.fused) && !opts.withAttentions && (opts.precision ?? 'float32') === 'float32';
  const context: LayerContext = {
    g,
    heads: config.num_attention_heads,
    hidden: D,
    eps: config.layer_norm_eps,
    geluTanh: config.hidden_act === 'gelu_new',
    attentionMask,
    data: get,
    add: (name, dims, values) => w.add(name, dims, values),
    linearW,
    linear,
    norm,
  };
  const layer = fused ? fusedLayers(context) : standardLayers(context, Boolean(opts.withAttentions));
  for (let i = 0; i < config.num_hidden_layers; i++)
    hidden = layer(`${p}.encoder.layer.${i}`, i, hidden, i === config.num_hidden_layers - 1 ? 'last_hidden_state' : undefined);
  if (config.num_hidden_layers === 0) hidden = g.op('Identity', [hidden], {}, 'last_hidden_state');

  // head on the first token
  const cls = g.op('Gather', [hidden, scalarInt('index_0', 0)], { axis: 1 });
  const logits =
    p === 'roberta'
      ? g.op(
          'Add',
          [g.op('MatMul', [g.op('Tanh', [linear(cls, 'classifier.dense')]), linearW('classifier.out_proj')]), bias('classifier.out_proj')],
          {},
          'logits',
        )
      : g.op(
          'Add',
          [g.op('MatMul', [g.op('Tanh', [linear(cls, `${p}.pooler.dense`)]), linearW('classifier')]), bias('classifier')],
          {},
          'logits',
        );
  g.output(logits, 'float32', ['batch', opts.numLabels]);
  g.output('last_hidden_state', 'float32', ['batch', 'sequence', D]);
  return g.encode(`dml-lens export of a ${p} sequence classifier (${config.num_hidden_layers} layers, hidden ${D})`);
}
