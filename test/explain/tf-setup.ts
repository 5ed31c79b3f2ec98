// Backend for explain/analysis tests (wasm, as the project uses here).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export async function setupTf(): Promise<typeof tf> {
  if (tf.getBackend() !== 'wasm') {
    await tf.setBackend('wasm');
    await tf.ready();
  }
  return tf;
}
