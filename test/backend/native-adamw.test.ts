// The native AdamW update and gradient sum of squares (native/src/adamw.cc) against the TypeScript
// loops they replace (lib/backend/heap-adamw.ts), both update styles, odd lengths and lengths that
// span several of the addon's chunks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adamwInPlace, adamwLoop, sumOfSquares, sumOfSquaresLoop, type AdamWCoefficients } from '../../lib/backend/heap-adamw';
import { nativeStatus } from '../../lib/backend/native-addon';
import { Rng } from '../../lib/util/random';

const addon = nativeStatus().addon;
const skip = addon ? false : `native addon not loaded: ${nativeStatus().reason ?? 'DML_NATIVE=0'}`;

function randomArray(rng: Rng, n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

for (const style of ['torch', 'transformers'] as const) {
  test(`native AdamW (${style}) equals the TypeScript loop`, { skip }, () => {
    const rng = new Rng(7);
    for (const n of [1, 7, 65, 513, 65_536 * 3 + 5]) {
      const c: AdamWCoefficients = {
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        lr: 3e-4,
        weightDecay: 0.01,
        bc1: 0.19,
        bc2: 0.003,
        style,
        gradScale: 0.7,
      };
      const [p, m, g] = [randomArray(rng, n, 1), randomArray(rng, n, 0.1), randomArray(rng, n, 0.5)];
      const v = randomArray(rng, n, 0.01).map(Math.abs);
      const ts = [p, m, v].map((a) => a.slice());
      adamwInPlace(p, m, v, g, c);
      adamwLoop(ts[0], ts[1], ts[2], g, c);
      for (const [k, [a, b]] of [p, m, v].map((x, i) => [x, ts[i]] as const).entries()) {
        let worst = 0;
        for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1e-6, Math.abs(b[i])));
        assert.ok(worst <= 1e-6, `${['p', 'm', 'v'][k]} at n = ${n}: relative difference ${worst}`);
      }
    }
  });
}

test('native sum of squares equals the TypeScript loop and does not depend on the thread count', { skip }, () => {
  const x = randomArray(new Rng(3), 65_536 * 5 + 11, 2);
  const ts = sumOfSquaresLoop(x);
  const threads = addon!.threads();
  try {
    addon!.setThreads(1);
    const one = sumOfSquares(x);
    addon!.setThreads(2);
    assert.equal(sumOfSquares(x), one, 'same sum on 1 and 2 threads');
    assert.ok(Math.abs(one - ts) / ts < 1e-12, `${one} vs ${ts}`);
  } finally {
    addon!.setThreads(threads);
  }
});

test('the addon refuses arrays of different lengths in one line', { skip }, () => {
  const a = new Float32Array(4);
  assert.throws(() => addon!.adamw(a, a, a, new Float32Array(3), new Float64Array(9)), /p, m, v and g must have one length/);
  assert.throws(() => addon!.adamw(a, a, a, a, new Float64Array(8)), /Float64Array of 9 values/);
});
