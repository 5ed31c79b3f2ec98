// Backend for explain/analysis tests: the project's loader (wasm here, with its extra kernels).
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';

export async function setupTf(): Promise<typeof tf> {
  await initBackend({ quiet: true });
  return tf;
}
