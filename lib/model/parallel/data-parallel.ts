// Data-parallel training on both cores: the wasm backend runs one thread, so a batch is split
// between the main thread and replica workers (worker_threads, each with its own backend).
// The main model is the source of truth: every step sends its weights to the replicas, each
// part computes Σ_{i ∈ part} CE_i / B (partial-loss.ts), and the parts' gradients are summed:
// the gradient of the whole batch's mean cross-entropy, equal to one thread's up to float
// summation order. Dropout masks depend on (seed, global row), so they match one thread too.
// Limitation: only losses that are sums over examples split this way (cross-entropy); pair
// losses over the whole batch (SupCon, triplets...) need all embeddings in one place.
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { backendName, initBackend, type BackendChoice } from '../../backend/backend';
import { disposeBatch } from '../batch';
import { loadClassifier, type Classifier } from '../classifier';
import type { TokenBatch } from '../types';
import { flatten, unflatten } from './flat-weights';
import { partialGradients, sliceToBatch } from './partial-loss';
import type { FromWorker, RowSlice, ToWorker } from './protocol';

/** What a step needs of an optimizer (the trainer's AdamW has it): apply named gradients at a learning rate. */
export interface GradientApplier {
  applyGradients(grads: tf.NamedTensorMap, lr: number): void;
}

export interface DataParallelOptions {
  /** Label count of the head (default: the checkpoint's, else 2). */
  numLabels?: number;
  seed?: number;
  dropout?: number;
  /** Replica workers besides the main thread (default 1: two cores). */
  workers?: number;
}

class Replica {
  private pending?: { resolve: (m: FromWorker) => void; reject: (e: Error) => void };
  constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromWorker) => {
      const p = this.pending;
      this.pending = undefined;
      if (m.type === 'error') p?.reject(new Error(`replica worker: ${m.message}\n${m.stack ?? ''}`));
      else p?.resolve(m);
    });
    worker.on('error', (e) => this.pending?.reject(e));
  }

  /** Sends one request; the reply arrives while the main thread computes its own part. */
  request(msg: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(msg, transfer);
    });
  }

  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' } satisfies ToWorker);
    await new Promise((r) => this.worker.once('exit', r));
  }
}

/** Rows [start, start + rows) of a TokenBatch as a transferable slice. */
function rowSlice(b: TokenBatch, start: number, rows: number): RowSlice {
  const L = b.seqLen;
  const cut = (a: Int32Array) => a.slice(start * L, (start + rows) * L);
  return {
    inputIds: cut(b.inputIds),
    attentionMask: cut(b.attentionMask),
    tokenTypeIds: cut(b.tokenTypeIds),
    rows,
    seqLen: L,
    rowOffset: start,
  };
}

/** Splits B rows into `parts` contiguous ranges, main thread first. */
function splitRows(B: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let p = 0; p < parts; p++) {
    const rows = Math.floor(B / parts) + (p < B % parts ? 1 : 0);
    out.push([start, rows]);
    start += rows;
  }
  return out;
}

export class DataParallel {
  private constructor(
    readonly model: Classifier,
    private readonly replicas: Replica[],
  ) {}

  static async create(modelDir: string, opts: DataParallelOptions = {}): Promise<DataParallel> {
    await initBackend();
    const model = await loadClassifier(modelDir, { numLabels: opts.numLabels, seed: opts.seed, dropout: opts.dropout });
    const replicas: Replica[] = [];
    for (let i = 0; i < (opts.workers ?? 1); i++) {
      const replica = new Replica(new Worker(new URL('./worker-entry.mjs', import.meta.url)));
      const init: ToWorker = {
        type: 'init',
        modelDir,
        backend: backendName() as BackendChoice,
        numLabels: model.numLabels,
        seed: opts.seed ?? 0,
        dropout: opts.dropout,
      };
      const ready = await replica.request(init);
      if (ready.type !== 'ready') throw new Error('replica worker failed to start');
      replicas.push(replica);
    }
    return new DataParallel(model, replicas);
  }

  /**
   * Mean cross-entropy of the batch and its gradient with respect to every trainable variable
   * (keyed by variable name, as tf.variableGrads), computed in parallel. The caller disposes grads.
   */
  async gradients(
    batch: TokenBatch,
    labels: ArrayLike<number>,
    opts: { training?: boolean } = {},
  ): Promise<{ loss: number; grads: tf.NamedTensorMap }> {
    const training = opts.training ?? true;
    const dropoutSeed = this.model.nextDropoutSeed();
    const vars = this.model.trainableVariables();
    const parts = splitRows(batch.batchSize, this.replicas.length + 1);
    const weights = this.replicas.length ? flatten(vars) : new Float32Array(0);
    const replies = this.replicas.map((r, i) => {
      const [start, rows] = parts[i + 1];
      const w = i === this.replicas.length - 1 ? weights : weights.slice();
      return r.request(
        {
          type: 'grad',
          weights: w,
          slice: rowSlice(batch, start, rows),
          labels: Int32Array.from(Array.from(labels).slice(start, start + rows)),
          totalRows: batch.batchSize,
          training,
          dropoutSeed,
        },
        [w.buffer as ArrayBuffer],
      );
    });
    const [, mainRows] = parts[0];
    const mainBatch = sliceToBatch(rowSlice(batch, 0, mainRows));
    const own = partialGradients(
      this.model,
      mainBatch,
      Int32Array.from(Array.from(labels).slice(0, mainRows)),
      batch.batchSize,
      training,
      dropoutSeed,
      0,
    );
    disposeBatch(mainBatch);
    let loss = own.loss;
    const grads = own.grads;
    for (const reply of await Promise.all(replies)) {
      if (reply.type !== 'grad') throw new Error(`unexpected reply ${reply.type}`);
      loss += reply.loss;
      const theirs = unflatten(vars, reply.grads);
      vars.forEach((v, i) => {
        const sum = tf.add(grads[v.name], theirs[i]);
        grads[v.name].dispose();
        grads[v.name] = sum;
      });
      tf.dispose(theirs);
    }
    return { loss, grads };
  }

  /** One training step: parallel gradients, then the optimizer (AdamW, lib/training/adamw.ts) on the main model. */
  async step(batch: TokenBatch, labels: ArrayLike<number>, optimizer: GradientApplier, lr: number): Promise<number> {
    const { loss, grads } = await this.gradients(batch, labels);
    optimizer.applyGradients(grads, lr);
    tf.dispose(Object.values(grads));
    return loss;
  }

  /** Logits [B*C] and first-token vectors [B*D] of a batch, computed in parallel (inference). */
  async predict(batch: TokenBatch): Promise<{ logits: Float32Array; cls: Float32Array }> {
    const vars = this.model.trainableVariables();
    const parts = splitRows(batch.batchSize, this.replicas.length + 1);
    const weights = this.replicas.length ? flatten(vars) : undefined;
    const replies = this.replicas.map((r, i) => {
      const w = weights && (i === this.replicas.length - 1 ? weights : weights.slice());
      return r.request({ type: 'predict', weights: w, slice: rowSlice(batch, ...parts[i + 1]) }, w ? [w.buffer as ArrayBuffer] : []);
    });
    const mainBatch = sliceToBatch(rowSlice(batch, 0, parts[0][1]));
    const outs = tf.tidy(() => {
      const o = this.model.forward(mainBatch);
      return [o.logits, o.cls];
    });
    const own = outs.map((t) => t.dataSync() as Float32Array);
    tf.dispose(outs);
    disposeBatch(mainBatch);
    const all = [{ logits: own[0], cls: own[1] }];
    for (const reply of await Promise.all(replies)) if (reply.type === 'predict') all.push(reply);
    const concat = (key: 'logits' | 'cls') => {
      const out = new Float32Array(all.reduce((n, a) => n + a[key].length, 0));
      let o = 0;
      for (const a of all) {
        out.set(a[key], o);
        o += a[key].length;
      }
      return out;
    };
    return { logits: concat('logits'), cls: concat('cls') };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.close()));
    this.model.dispose();
  }
}

/** A data-parallel trainer over `modelDir` (main thread + `workers` replicas). */
export function createDataParallel(modelDir: string, opts: DataParallelOptions = {}): Promise<DataParallel> {
  return DataParallel.create(modelDir, opts);
}
