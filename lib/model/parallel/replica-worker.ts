// A model replica in a worker thread, with its own tfjs backend: receives weights and a slice of
// the batch, returns that slice's gradients (or predictions). See data-parallel.ts.
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../backend/backend';
import { loadClassifier, type Classifier } from '../classifier';
import { disposeBatch } from '../batch';
import { assignFlat, flatten } from './flat-weights';
import { partialGradients, sliceToBatch } from './partial-loss';
import type { FromWorker, ToWorker } from './protocol';

let model: Classifier | undefined;

function reply(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(msg, transfer);
}

async function handle(msg: ToWorker): Promise<void> {
  if (msg.type === 'init') {
    await initBackend({ force: msg.backend, quiet: true, wasmThreads: 1 });
    model = await loadClassifier(msg.modelDir, { numLabels: msg.numLabels, seed: msg.seed, dropout: msg.dropout, quiet: true });
    return reply({ type: 'ready' });
  }
  if (msg.type === 'close') {
    model?.dispose();
    return process.exit(0);
  }
  const m = model!;
  if (msg.type === 'grad') {
    assignFlat(m.trainableVariables(), msg.weights);
    const batch = sliceToBatch(msg.slice);
    const { loss, grads } = partialGradients(m, batch, msg.labels, msg.totalRows, msg.training, msg.dropoutSeed, msg.slice.rowOffset);
    const flat = flatten(m.trainableVariables().map((v) => grads[v.name]));
    tf.dispose(Object.values(grads));
    disposeBatch(batch);
    return reply({ type: 'grad', loss, grads: flat }, [flat.buffer as ArrayBuffer]);
  }
  if (msg.weights) assignFlat(m.trainableVariables(), msg.weights);
  const batch = sliceToBatch(msg.slice);
  // tensors out of tidy, arrays read after it (tidy walks returned values: slow on big arrays)
  const outs = tf.tidy(() => {
    const out = m.forward(batch);
    return [out.logits, out.cls];
  });
  const [logits, cls] = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  disposeBatch(batch);
  reply({ type: 'predict', logits, cls }, [logits.buffer as ArrayBuffer, cls.buffer as ArrayBuffer]);
}

parentPort!.on('message', (msg: ToWorker) => {
  handle(msg).catch((err: Error) => reply({ type: 'error', message: err.message, stack: err.stack }));
});
