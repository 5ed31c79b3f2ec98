// onnxruntime-node sessions over an exported encoder graph (encoder-graph.ts): padded token batches
// in, logits / last hidden states / attention probabilities out as flat float32 arrays. Loaded
// lazily; `onnxAvailable()` says whether the native library loads on this machine.
import os from 'node:os';
import type * as Ort from 'onnxruntime-node';
import type { TokenBatch } from '../model/types';

let ortModule: Promise<typeof Ort | null> | undefined;
let loadError: string | undefined;

/** onnxruntime-node, or null when it cannot load here (the reason in `onnxLoadError()`). */
export function loadOrt(): Promise<typeof Ort | null> {
  ortModule ??= import('onnxruntime-node')
    .then((m) => (m as unknown as { default?: typeof Ort }).default ?? m)
    .catch((err: Error) => {
      loadError = err.message.split('\n')[0];
      return null;
    });
  return ortModule;
}

export function onnxLoadError(): string | undefined {
  return loadError;
}

/** Threads for onnxruntime: DML_INFERENCE_THREADS, else DML_WASM_THREADS, else every core (at most 8). */
export function inferenceThreads(): number {
  const raw = (process.env.DML_INFERENCE_THREADS ?? process.env.DML_WASM_THREADS)?.trim();
  const n = raw ? Number(raw) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= 64) return n;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(8, cores));
}

/**
 * Whether onnxruntime's pool threads spin while they wait for work: off unless
 * DML_INFERENCE_SPIN=1. Spinning wins a little on an idle machine and loses much on a shared one,
 * where a spinning pool thread takes the core another process (or our own main thread) needs
 * (small shape, 2 threads, load ~17 on 2 cores: about a quarter fewer tokens/s with spinning).
 */
export function inferenceSpinning(): boolean {
  return process.env.DML_INFERENCE_SPIN?.trim() === '1';
}

export interface OnnxOutputs {
  batchSize: number;
  seqLen: number;
  logits: Float32Array; // [B, C]
  lastHiddenState: Float32Array; // [B, L, D]
  attentions?: Float32Array[]; // per layer [B, H, L, L]
}

/** int32 ids as int64 (a plain loop: `BigInt64Array.from(a, BigInt)` takes ten times as long, ~0.75 ms per 2,048 ids). */
function toInt64(a: Int32Array): BigInt64Array {
  const out = new BigInt64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = BigInt(a[i]);
  return out;
}

export class OnnxEncoderSession {
  private constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
    readonly numLayers: number,
  ) {}

  /** A session from serialized model bytes or an .onnx file path. */
  static async create(model: Uint8Array | string, opts: { threads?: number } = {}): Promise<OnnxEncoderSession> {
    const ort = await loadOrt();
    if (!ort) throw new Error(`onnxruntime-node cannot load here: ${loadError}`);
    const options: Ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: opts.threads ?? inferenceThreads(),
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      logSeverityLevel: 3, // onnxruntime's own warnings (e.g. unused initializers) are not the user's business
      extra: { session: { intra_op: { allow_spinning: inferenceSpinning() ? '1' : '0' } } },
    };
    const session =
      typeof model === 'string' ? await ort.InferenceSession.create(model, options) : await ort.InferenceSession.create(model, options);
    const layers = session.outputNames.filter((n) => n.startsWith('attentions.')).length;
    return new OnnxEncoderSession(ort, session, layers);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get hasAttentions(): boolean {
    return this.numLayers > 0;
  }

  async run(batch: TokenBatch, opts: { attentions?: boolean } = {}): Promise<OnnxOutputs> {
    const dims = [batch.batchSize, batch.seqLen];
    const feeds: Record<string, Ort.Tensor> = {
      input_ids: new this.ort.Tensor('int64', toInt64(batch.inputIds), dims),
      attention_mask: new this.ort.Tensor('int64', toInt64(batch.attentionMask), dims),
    };
    if (this.session.inputNames.includes('token_type_ids'))
      feeds.token_type_ids = new this.ort.Tensor('int64', toInt64(batch.tokenTypeIds), dims);
    const wanted = ['logits', 'last_hidden_state'];
    if (opts.attentions) {
      if (!this.hasAttentions) throw new Error('this ONNX graph was exported without attentions');
      for (let i = 0; i < this.numLayers; i++) wanted.push(`attentions.${i}`);
    }
    const out = await this.session.run(feeds, wanted);
    const data = (n: string) => {
      const t = out[n];
      const d = t.data as Float32Array;
      t.dispose?.();
      return d;
    };
    const result: OnnxOutputs = {
      batchSize: batch.batchSize,
      seqLen: batch.seqLen,
      logits: data('logits'),
      lastHiddenState: data('last_hidden_state'),
    };
    if (opts.attentions) result.attentions = Array.from({ length: this.numLayers }, (_, i) => data(`attentions.${i}`));
    for (const t of Object.values(feeds)) t.dispose?.();
    return result;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
