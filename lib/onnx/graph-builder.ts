// A small ONNX graph builder over the `onnx-proto` protobuf classes (protobufjs 6): named
// initializers, nodes with attributes, graph inputs/outputs with symbolic (dynamic) dimensions,
// and the serialized ModelProto. Knows nothing of BERT; see encoder-graph.ts.
import onnxProto from 'onnx-proto'; // CommonJS: its namespace is on the default export under ESM
import type { onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = onnxProto;

export const OPSET = 17; // LayerNormalization needs opset >= 17
const IR_VERSION = 8;
const MICROSOFT_DOMAIN = 'com.microsoft';

export type ElemType = 'float32' | 'float16' | 'int64';
const ELEM: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  int64: onnx.TensorProto.DataType.INT64,
};

/** A dimension: a fixed size or a symbolic name ("batch", "sequence"). */
export type Dim = number | string;
type AttrValue = number | number[] | string | { float: number } | { tensor: OnnxTypes.ITensorProto };

function attribute(name: string, v: AttrValue): OnnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') return { name, type: T.INT, i: v };
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if ('float' in v) return { name, type: T.FLOAT, f: v.float };
  return { name, type: T.TENSOR, t: v.tensor };
}

function valueInfo(name: string, elem: ElemType, dims: Dim[]): OnnxTypes.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: ELEM[elem], shape: { dim } } } };
}

/** A tensor with its raw little-endian bytes. */
export function tensorProto(name: string, elem: ElemType, dims: number[], raw: Uint8Array): OnnxTypes.ITensorProto {
  return { name, dataType: ELEM[elem], dims, rawData: raw };
}

export class GraphBuilder {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  private counter = 0;
  private usesMicrosoftOps = false;

  constructor(private readonly graphName: string) {}

  /** A fresh value name with a readable prefix. */
  fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  input(name: string, elem: ElemType, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, elem, dims));
    return name;
  }

  output(name: string, elem: ElemType, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elem, dims));
  }

  /** Adds an initializer and returns its name. */
  initializer(t: OnnxTypes.ITensorProto): string {
    this.initializers.push(t);
    return t.name!;
  }

  /** float32 initializer from values. */
  floats(name: string, dims: number[], values: Float32Array): string {
    return this.initializer(tensorProto(name, 'float32', dims, new Uint8Array(values.buffer, values.byteOffset, values.byteLength)));
  }

  /** int64 initializer (shapes, axes, indices). */
  ints(name: string, values: number[], dims: number[] = [values.length]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    return this.initializer(tensorProto(name, 'int64', dims, new Uint8Array(data.buffer)));
  }

  /** One node; returns its output names (`outputs` is a count of fresh names or explicit names). */
  node(op: string, inputs: string[], outputs: number | string[] = 1, attrs: Record<string, AttrValue> = {}): string[] {
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.fresh(op.toLowerCase())) : outputs;
    this.nodes.push({
      opType: op,
      input: inputs,
      output: outs,
      name: this.fresh(`n_${op}`),
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /** Single-output node. */
  op(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outName?: string): string {
    return this.node(op, inputs, outName ? [outName] : 1, attrs)[0];
  }

  /** Single-output node of onnxruntime's contrib domain (com.microsoft, version 1): runs on onnxruntime only. */
  msOp(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outName?: string): string {
    const out = this.op(op, inputs, attrs, outName);
    this.nodes[this.nodes.length - 1].domain = MICROSOFT_DOMAIN;
    this.usesMicrosoftOps = true;
    return out;
  }

  /** Serialized ModelProto (opset 17, IR 8; plus com.microsoft 1 when msOp was used). */
  encode(docString: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET }, ...(this.usesMicrosoftOps ? [{ domain: MICROSOFT_DOMAIN, version: 1 }] : [])],
      producerName: 'dml-lens',
      producerVersion: '1',
      docString,
      graph: { name: this.graphName, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
