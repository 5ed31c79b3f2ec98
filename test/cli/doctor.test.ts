// `dml-lens doctor`: the report names the backend, threads, native kernels (or why not), SIMD,
// memory limit, tfjs-node(-gpu) and GPU; DML_NATIVE=0 turns the addon off; DML_NATIVE=1 without
// it is one clear error naming what to install; a tfjs-node-gpu load failure names the library.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { tfjsNodeStatus } from '../../lib/backend/doctor';

const cli = path.join(process.cwd(), 'scripts', 'dml-lens.mjs');

interface DoctorReport {
  backend: { picked: string };
  threads: { backend: number; cores: number };
  native: { loaded: boolean; reason: string };
  cpu: { simdLevel: string };
  memory: { limit: unknown };
  tfjsNode: Record<string, unknown>;
  gpu: { detail: unknown };
}

function doctor(env: Record<string, string>, ...args: string[]) {
  const res = spawnSync(process.execPath, [cli, 'doctor', ...args], { encoding: 'utf8', env: { ...process.env, DML_BACKEND: '', ...env } });
  return { status: res.status, out: res.stdout, err: res.stderr };
}

test('doctor --json reports every part; DML_NATIVE=0 says the addon is off', () => {
  const { status, out } = doctor({ DML_NATIVE: '0' }, '--json');
  assert.equal(status, 0);
  const r = JSON.parse(out) as DoctorReport;
  assert.ok(['wasm', 'cpu', 'node', 'node-gpu'].includes(r.backend.picked));
  assert.ok(r.threads.backend >= 1 && r.threads.cores >= 1);
  assert.deepEqual({ loaded: r.native.loaded, reason: r.native.reason }, { loaded: false, reason: 'turned off by DML_NATIVE=0' });
  assert.ok(r.cpu.simdLevel && r.memory.limit && r.tfjsNode.node && r.tfjsNode['node-gpu'] && r.gpu.detail);
});

test('doctor text names the native GEMM state', () => {
  const { status, out } = doctor({});
  assert.equal(status, 0);
  assert.match(out, /^backend\s+\S+/m);
  assert.match(out, /^native GEMM\s+(in use|loaded|not loaded)/m);
  assert.match(out, /^memory\s+/m);
});

test('DML_NATIVE=1 without the addon: one error naming what to install', () => {
  const { status, out, err } = doctor({ DML_NATIVE: '1', DML_NATIVE_ADDON: '/nonexistent/dml_native.node' });
  assert.notEqual(status, 0);
  assert.equal(out, '');
  assert.match(
    err,
    /DML_NATIVE=1 but the native addon is not built \(\/nonexistent\/dml_native\.node is missing\).*npm run build:native.*g\+\+/,
  );
  assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
});

test('a DML_NATIVE value that is not 0 or 1 is refused', () => {
  const { status, err } = doctor({ DML_NATIVE: 'yes' });
  assert.notEqual(status, 0);
  assert.match(err, /DML_NATIVE="yes" must be 0 \(off\), 1 \(required\) or unset/);
});

test('tfjs-node-gpu failing on libcudart names the library and the CUDA present', () => {
  const skipped = [
    'node-gpu: libcudart.so.11.0: cannot open shared object file: No such file or directory',
    "node: Cannot find package '@tensorflow/tfjs-node'",
  ];
  const s = tfjsNodeStatus('wasm', skipped, {
    visible: true,
    detail: 'GPU 0: H100',
    cuda: 'driver supports CUDA 12.4; runtime libcudart.so.12',
  });
  assert.equal(s['node-gpu'], 'fails to load: libcudart.so.11.0 is missing; CUDA here: driver supports CUDA 12.4; runtime libcudart.so.12');
  assert.match(s.node, /^not installed/);
});
