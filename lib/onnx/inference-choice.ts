// Which engine runs inference-only forwards (evaluation, stored embeddings, proxy inference,
// `model embed`, the what-if box): onnxruntime-node when it loads, else tfjs. Training and the
// gradient methods (IG, grad x input) always use tfjs. `DML_INFERENCE=tfjs` turns onnxruntime
// off; `DML_INFERENCE=onnx` requires it (an error when it cannot load).
import { ConfigError } from '../errors';
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

/** The engine to use now; with DML_INFERENCE=onnx an unloadable onnxruntime is an error. */
export async function inferenceEngine(): Promise<InferenceEngine> {
  const want = requested();
  if (want === 'tfjs') return 'tfjs';
  const ort = await loadOrt();
  if (ort) return 'onnxruntime';
  if (want === 'onnx') throw new ConfigError([`DML_INFERENCE=onnx but onnxruntime-node cannot load: ${onnxLoadError()}`], 'inference');
  return 'tfjs';
}

/** One line for logs and `doctor`: the engine, its threads, and how to switch. */
export async function describeInference(): Promise<string> {
  const engine = await inferenceEngine();
  if (engine === 'onnxruntime') return `inference: onnxruntime-node (${inferenceThreads()} threads; DML_INFERENCE=tfjs for tfjs)`;
  const why = requested() === 'tfjs' ? 'DML_INFERENCE=tfjs' : `onnxruntime-node unavailable: ${onnxLoadError()}`;
  return `inference: tfjs (${why})`;
}

let announced = false;

/** Writes describeInference() to stderr once per process (DML_QUIET=1 silences it). */
export async function announceInference(): Promise<void> {
  if (announced || process.env.DML_QUIET === '1') return;
  announced = true;
  process.stderr.write(`dml-lens: ${await describeInference()}\n`);
}
