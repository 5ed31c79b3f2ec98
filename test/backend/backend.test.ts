// Backend selection: automatic choice, forcing, bad names and unavailable backends.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../lib/errors';
import { backendName, initBackend } from '../../lib/backend/backend';

const saved = process.env.DML_BACKEND;
afterEach(() => {
  if (saved === undefined) delete process.env.DML_BACKEND;
  else process.env.DML_BACKEND = saved;
});

test('picks the first backend that loads and is idempotent', async () => {
  delete process.env.DML_BACKEND;
  const name = await initBackend({ quiet: true });
  assert.ok(['node-gpu', 'node', 'wasm', 'cpu'].includes(name));
  assert.equal(await initBackend({ quiet: true }), name);
  assert.equal(backendName(), name);
});

test('DML_BACKEND forces one; an unknown name is a ConfigError listing the choices', async () => {
  process.env.DML_BACKEND = 'cpu';
  assert.equal(await initBackend({ quiet: true }), 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  process.env.DML_BACKEND = 'tpu';
  await assert.rejects(
    initBackend({ quiet: true }),
    (e: Error) => e instanceof ConfigError && /DML_BACKEND="tpu".*node-gpu, node, wasm, cpu/s.test(e.message),
  );
  process.env.DML_BACKEND = 'wasm';
  assert.equal(await initBackend({ quiet: true }), 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
});

test('forcing a backend that cannot load says why and what to use instead', async (t) => {
  let hasNode = true;
  const tfjsNode: string = '@tensorflow/tfjs-node'; // a string, not a module name TypeScript resolves: it is not installed
  try {
    await import(tfjsNode);
  } catch {
    hasNode = false;
  }
  if (hasNode) return t.skip('tfjs-node is installed here');
  await assert.rejects(
    initBackend({ force: 'node', quiet: true }),
    (e: Error) => e instanceof ConfigError && /backend "node" could not be loaded.*DML_BACKEND=wasm\|cpu/s.test(e.message),
  );
  assert.equal(await initBackend({ force: 'wasm', quiet: true }), 'wasm');
});
