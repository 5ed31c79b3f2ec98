// `worker --gpu` asks gpuBackendProblem first: a DML_BACKEND naming another backend, no visible
// GPU, or tfjs-node-gpu not installed each give one line. A fake nvidia-smi on PATH plays the GPU.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { gpuBackendProblem } from '../../lib/backend/gpu-check';

const oneLine = (s: string | undefined) => assert.ok(s && !s.includes('\n'), `one line: ${s}`);
const realGpu = fs.existsSync('/proc/driver/nvidia/version');

function tfjsNodeGpuInstalled(): boolean {
  try {
    import.meta.resolve('@tensorflow/tfjs-node-gpu');
    return true;
  } catch {
    return false;
  }
}

test('gpuBackendProblem names what is missing, in one line', { skip: realGpu && 'a real GPU driver is here' }, () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-fake-gpu-'));
  try {
    const noGpu = gpuBackendProblem({ PATH: path.join(bin, 'empty') });
    oneLine(noGpu);
    assert.match(noGpu!, /no NVIDIA GPU is visible/);
    assert.match(gpuBackendProblem({ DML_BACKEND: 'wasm' })!, /DML_BACKEND=wasm asks for another backend/);
    fs.writeFileSync(path.join(bin, 'nvidia-smi'), '#!/bin/sh\necho "GPU 0: NVIDIA H100 (UUID: GPU-fake)"\n', { mode: 0o755 });
    const problem = gpuBackendProblem({ PATH: `${bin}${path.delimiter}${process.env.PATH}` });
    if (tfjsNodeGpuInstalled()) assert.ok(problem === undefined || /does not load/.test(problem), problem);
    else {
      oneLine(problem);
      assert.match(problem!, /@tensorflow\/tfjs-node-gpu is not installed/);
    }
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
});
