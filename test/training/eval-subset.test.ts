import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stratifiedSubset } from '../../lib/training/eval-subset';
import { planRuns } from '../../lib/jobs/queue';

test('eval subset keeps class shares, is seeded and sorted', () => {
  const labels = [...new Array<number>(70).fill(0), ...new Array<number>(30).fill(1)];
  const idx = labels.map((_, i) => i);
  const a = stratifiedSubset(idx, labels, 10, 5);
  assert.equal(a.length, 10);
  assert.equal(a.filter((i) => labels[i] === 1).length, 3);
  assert.deepEqual(
    a,
    [...a].sort((x, y) => x - y),
  );
  assert.deepEqual(stratifiedSubset(idx, labels, 10, 5), a);
  assert.notDeepEqual(stratifiedSubset(idx, labels, 10, 6), a);
  assert.equal(stratifiedSubset(idx, labels, 200, 5).length, 100);
  // largest remainders: 3 equal classes, limit 7 -> 7/3 each = 2 + remainder; the first class gets the extra slot
  const three = [0, 1, 2, 0, 1, 2, 0, 1, 2];
  const s = stratifiedSubset(
    three.map((_, i) => i),
    three,
    7,
    1,
  );
  assert.deepEqual(
    [0, 1, 2].map((c) => s.filter((i) => three[i] === c).length),
    [3, 2, 2],
  );
});

test('runs of a config: every fold per seed (kfold), one per seed otherwise', () => {
  assert.deepEqual(planRuns({ protocol: 'kfold', folds: 2, seeds: [7, 8] }), [
    { fold: 0, seed: 7 },
    { fold: 1, seed: 7 },
    { fold: 0, seed: 8 },
    { fold: 1, seed: 8 },
  ]);
  assert.deepEqual(planRuns({ protocol: 'per-class', folds: 4, seeds: [1, 2] }), [
    { fold: 0, seed: 1 },
    { fold: 0, seed: 2 },
  ]);
});
