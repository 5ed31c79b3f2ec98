// The threaded wasm backend (lib/backend/wasm-threads.ts): it starts in Node with the wanted thread
// count, gives the same numbers as one thread, lets the process exit, and rejects a bad setting.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const child = path.join(import.meta.dirname, 'fixtures', 'wasm-threads-child.ts');

interface ChildOut {
  backend: string;
  product: number[];
  loss: number;
  gradients: Record<string, number[]>;
  leaked: number;
}

function runChild(threads: string): { out?: ChildOut; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', child], {
    encoding: 'utf8',
    env: { ...process.env, DML_WASM_THREADS: threads, DML_BACKEND: '' },
    maxBuffer: 1 << 26,
    timeout: 120_000, // a pool that kept the process alive would hit this
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  return { out: line ? (JSON.parse(line) as ChildOut) : undefined, stderr: r.stderr, status: r.status };
}

test('two wasm threads give the same product, loss and gradients as one, and the process exits', () => {
  const one = runChild('1');
  const two = runChild('2');
  assert.equal(one.status, 0, one.stderr);
  assert.equal(two.status, 0, two.stderr);
  assert.equal(one.out!.backend, 'wasm (1 thread)');
  assert.equal(two.out!.backend, 'wasm (2 threads)');
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-5 * Math.max(1, Math.abs(x));
  assert.ok(
    one.out!.product.every((v, i) => close(v, two.out!.product[i])),
    'matMul differs between 1 and 2 threads',
  );
  assert.ok(close(one.out!.loss, two.out!.loss));
  for (const [name, g] of Object.entries(one.out!.gradients)) {
    assert.ok(
      g.every((v, i) => close(v, two.out!.gradients[name][i])),
      `gradient of ${name} differs between 1 and 2 threads`,
    );
  }
  assert.equal(two.out!.leaked, 0);
});

test('DML_WASM_THREADS must be a whole number from 1 to 8', () => {
  const r = runChild('0');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /DML_WASM_THREADS="0" must be a whole number from 1 to 8/);
});
