// Pairing over folds (one place for the dashboard's compare view and the sweep report) and the
// mean ± std of the finite values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairByFold } from '../../lib/eval/paired-folds';
import { finiteMeanStd } from '../../lib/eval/stats';

test('pairByFold pairs by (fold, seed), in the order of the values, and drops unpaired runs', () => {
  const values = [
    { fold: 1, seed: 7, value: 0.8 },
    { fold: 0, seed: 7, value: 0.7 },
    { fold: 2, seed: 7, value: 0.9 }, // the baseline has no fold 2
    { fold: 0, seed: 8, value: 0.6 },
  ];
  const baseline = [
    { fold: 0, seed: 7, value: 0.5 },
    { fold: 1, seed: 7, value: 0.4 },
    { fold: 0, seed: 8, value: 0.65 },
    { fold: 3, seed: 7, value: 0.1 },
  ];
  assert.deepEqual(pairByFold(values, baseline), { a: [0.8, 0.7, 0.6], b: [0.4, 0.5, 0.65] });
  assert.deepEqual(pairByFold(values, []), { a: [], b: [] });
});

test('finiteMeanStd ignores NaN (failed runs) and is undefined without any value', () => {
  const s = finiteMeanStd([0.5, NaN, 0.7, Infinity]);
  assert.equal(s?.n, 2);
  assert.ok(Math.abs(s.mean - 0.6) < 1e-12);
  assert.ok(Math.abs(s.std - 0.1) < 1e-12, 'population std');
  assert.equal(finiteMeanStd([NaN]), undefined);
  assert.equal(finiteMeanStd([]), undefined);
});
