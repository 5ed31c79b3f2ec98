// An onnxruntime session over the weights of an in-memory classifier (e.g. just fine-tuned, not
// saved): the HF-named tensors go through the same graph builder as `model export`, so a run
// need not be saved before evaluation runs on onnxruntime.
import type * as tf from '@tensorflow/tfjs';
import type { SequenceClassifier } from '../model/types';
import { buildEncoderGraph, type WeightSource } from './encoder-graph';
import { OnnxEncoderSession } from './session';

interface HfExporter {
  params?: { exportHf?(): Record<string, tf.Tensor> };
}

/** The classifier's weights by HF name in PyTorch layout (read once, then the tensors are freed). */
export function classifierWeights(model: SequenceClassifier): WeightSource {
  const exporter = (model as unknown as HfExporter).params;
  if (!exporter?.exportHf) throw new Error('this classifier cannot export its weights by name');
  const tensors = exporter.exportHf();
  const values = new Map<string, { data: Float32Array; shape: number[] }>();
  try {
    for (const [name, t] of Object.entries(tensors)) values.set(name, { data: t.dataSync() as Float32Array, shape: t.shape });
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  return (name) => {
    const v = values.get(name);
    if (!v) throw new Error(`classifier has no parameter ${name}`);
    return v;
  };
}

/** The ONNX graph of the classifier as it is now, in a new session (the caller releases it). */
export async function classifierSession(
  model: SequenceClassifier,
  opts: { withAttentions?: boolean; threads?: number } = {},
): Promise<OnnxEncoderSession> {
  const graph = buildEncoderGraph(model.config, classifierWeights(model), {
    numLabels: model.numLabels,
    withAttentions: opts.withAttentions,
    fused: !opts.withAttentions, // onnxruntime's contrib kernels; the attention graph stays standard
  });
  return OnnxEncoderSession.create(graph, { threads: opts.threads });
}
