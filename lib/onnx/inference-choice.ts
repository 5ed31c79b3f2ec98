// Which engine runs inference-only forwards (evaluation, stored embeddings, proxy inference,
// `model embed`, attention maps): with DML_INFERENCE=auto (the default) the faster one for the
// model's shape on this machine, from a cached measurement (./inference-measure), onnxruntime when
// no model is given, tfjs when onnxruntime-node cannot load. Training and the gradient methods
// (IG, grad x input) always use tfjs. `DML_INFERENCE=tfjs` and `DML_INFERENCE=onnx` force one
// (onnx: an error when it cannot load).
import { ConfigError } from '../errors';
import type { SequenceClassifier } from '../model/types';
import { measuredInference, type InferenceMeasurement } from './inference-measure';
import { inferenceThreads, loadOrt, onnxLoadError } from './session';

export type InferenceEngine = 'onnxruntime' | 'tfjs';

function requested(): 'auto' | 'onnx' | 'tfjs' {
  const raw = process.env.DML_INFERENCE?.trim().toLowerCase();
  if (!raw || raw === 'auto') return 'auto';
  if (raw === 'onnx' || raw === 'onnxruntime') return 'onnx';
  if (raw === 'tfjs') return 'tfjs';
  throw new ConfigError(
    [`DML_INFERENCE="${process.env.DML_INFERENCE}" must be auto, onnx or tfjs (the engine for inference-only forwards)`],
    'inference',
  );
}

/** The measurement behind an automatic choice for `model`, or undefined (forced, no model, no onnxruntime, or it failed). */
async function measurement(model?: SequenceClassifier): Promise<InferenceMeasurement | undefined> {
  if (!model || requested() !== 'auto' || !(await loadOrt())) return undefined;
  try {
    return await measuredInference(model);
  } catch (err) {
    process.stderr.write(`dml-lens: could not time onnxruntime against tfjs (${(err as Error).message.split('\n')[0]})\n`);
    return undefined;
  }
}

/**
 * The engine to use now: forced by DML_INFERENCE, else for `model` the measured faster one, else
 * onnxruntime when it loads. With DML_INFERENCE=onnx an unloadable onnxruntime is an error.
 */
export async function inferenceEngine(model?: SequenceClassifier): Promise<InferenceEngine> {
  const want = requested();
  if (want === 'tfjs') return 'tfjs';
  const ort = await loadOrt();
  if (!ort) {
    if (want === 'onnx') throw new ConfigError([`DML_INFERENCE=onnx but onnxruntime-node cannot load: ${onnxLoadError()}`], 'inference');
    return 'tfjs';
  }
  return (await measurement(model))?.engine ?? 'onnxruntime';
}

const tokS = (n: number) => `${Math.round(n).toLocaleString('en-US')} tok/s`;

/** One line for logs and `doctor`: the engine, its threads, the measurement behind it, and how to switch. */
export async function describeInference(model?: SequenceClassifier): Promise<string> {
  const engine = await inferenceEngine(model);
  const m = await measurement(model);
  const measured = m ? `; measured onnxruntime ${tokS(m.onnxTokensPerSecond)}, tfjs ${tokS(m.tfjsTokensPerSecond)} for this shape` : '';
  if (engine === 'onnxruntime')
    return `inference: onnxruntime-node (${inferenceThreads()} threads${measured}; DML_INFERENCE=tfjs for tfjs)`;
  if (m) return `inference: tfjs (faster here${measured}; DML_INFERENCE=onnx for onnxruntime)`;
  const why = requested() === 'tfjs' ? 'DML_INFERENCE=tfjs' : `onnxruntime-node unavailable: ${onnxLoadError()}`;
  return `inference: tfjs (${why})`;
}

let announced = false;

/** Writes describeInference() to stderr once per process (DML_QUIET=1 silences it). */
export async function announceInference(model?: SequenceClassifier): Promise<void> {
  if (announced || process.env.DML_QUIET === '1') return;
  announced = true;
  process.stderr.write(`dml-lens: ${await describeInference(model)}\n`);
}
