// Messages between the main thread and a replica worker (lib/model/parallel). Arrays travel as
// transferred ArrayBuffers (no copy); variables as one flat float32 buffer in the model's
// stable variable order.
import type { BackendChoice } from '../../backend/backend';

export interface InitMessage {
  type: 'init';
  modelDir: string;
  backend: BackendChoice;
  numLabels: number;
  seed: number;
  dropout?: number;
}

/** Rows [rowOffset, rowOffset + rows) of a padded batch, flattened row-major. */
export interface RowSlice {
  inputIds: Int32Array;
  attentionMask: Int32Array;
  tokenTypeIds: Int32Array;
  rows: number;
  seqLen: number;
  rowOffset: number;
}

export interface GradMessage {
  type: 'grad';
  /** Current weights of the main model, flat (sent every step: the main thread is the source of truth). */
  weights: Float32Array;
  slice: RowSlice;
  labels: Int32Array;
  /** Rows in the whole batch: each part's loss is Σ CE / totalRows, so the parts' gradients add up. */
  totalRows: number;
  training: boolean;
  dropoutSeed: number;
}

export interface PredictMessage {
  type: 'predict';
  weights?: Float32Array;
  slice: RowSlice;
}

export type ToWorker = InitMessage | GradMessage | PredictMessage | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'grad'; loss: number; grads: Float32Array }
  | { type: 'predict'; logits: Float32Array; cls: Float32Array }
  | { type: 'error'; message: string; stack?: string };
