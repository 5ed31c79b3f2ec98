import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldSizes, kfoldFewShot, perClassFewShot } from '../../lib/data/sampling';
import { ConfigError } from '../../lib/errors';

test('kfold: deterministic from the seed; other seeds give other samples', () => {
  const a = kfoldFewShot(1000, { folds: 4, sampleSize: 20, seed: 2048 });
  assert.deepEqual(kfoldFewShot(1000, { folds: 4, sampleSize: 20, seed: 2048 }), a);
  assert.notDeepEqual(kfoldFewShot(1000, { folds: 4, sampleSize: 20, seed: 2049 }), a);
});

test('kfold: folds partition the pool, sample never overlaps its eval fold, sizes as sklearn', () => {
  const n = 1003;
  const folds = kfoldFewShot(n, { folds: 4, sampleSize: 50, seed: 7 });
  assert.deepEqual(foldSizes(n, 4), [251, 251, 251, 250]);
  assert.deepEqual(folds.map((f) => f.evalIdx.length), [251, 251, 251, 250]);
  const all = folds.flatMap((f) => f.evalIdx).sort((x, y) => x - y);
  assert.deepEqual(all, Array.from({ length: n }, (_, i) => i));
  for (const f of folds) {
    assert.equal(f.trainIdx.length, 50);
    assert.equal(new Set(f.trainIdx).size, 50, 'without replacement');
    const evalSet = new Set(f.evalIdx);
    assert.ok(f.trainIdx.every((i) => !evalSet.has(i) && i >= 0 && i < n), `fold ${f.fold}: no overlap`);
    assert.deepEqual(f.trainIdx, [...f.trainIdx].sort((x, y) => x - y));
  }
  assert.deepEqual(folds.map((f) => f.fold), [0, 1, 2, 3]);
});

test('kfold: a fold is not stuck to earlier ones (the folds draw different samples)', () => {
  const folds = kfoldFewShot(40, { folds: 40, sampleSize: 20, seed: 1 }); // leave-one-out
  assert.equal(new Set(folds.map((f) => f.trainIdx.join(','))).size, 40);
});

test('kfold: the sample is uniform over the other folds', () => {
  // every pool index is drawn about equally often over many seeds
  const n = 20;
  const hits = new Array<number>(n).fill(0);
  for (let seed = 0; seed < 2000; seed++) {
    for (const f of kfoldFewShot(n, { folds: 4, sampleSize: 5, seed })) for (const i of f.trainIdx) hits[i]++;
  }
  const mean = hits.reduce((a, b) => a + b, 0) / n; // 2000 * 4 * 5 / 20 = 2000
  assert.equal(mean, 2000);
  assert.ok(hits.every((h) => Math.abs(h - mean) < 200), `hits ${hits.join(',')}`);
});

test('kfold: a sample larger than the other folds, bad folds -> ConfigError', () => {
  assert.throws(() => kfoldFewShot(100, { folds: 4, sampleSize: 76, seed: 1 }), (e: unknown) => e instanceof ConfigError && /sampleSize 76 is larger than the 75 examples outside the largest fold/.test(e.message));
  assert.equal(kfoldFewShot(100, { folds: 4, sampleSize: 75, seed: 1 })[0].trainIdx.length, 75);
  assert.throws(() => kfoldFewShot(100, { folds: 1, sampleSize: 5, seed: 1 }), /folds must be an integer >= 2/);
  assert.throws(() => kfoldFewShot(3, { folds: 4, sampleSize: 1, seed: 1 }), /cannot exceed the pool size/);
  assert.throws(() => kfoldFewShot(100, { folds: 4, sampleSize: 2.5, seed: 1 }), /sampleSize must be a positive integer/);
});

test('per-class: exactly N per class, stratified, deterministic, eval = the rest', () => {
  const labels = Array.from({ length: 300 }, (_, i) => (i % 10 === 0 ? 2 : i % 2)); // class 2 is rare (30)
  const s = perClassFewShot(labels, { perClass: 8, seed: 42 });
  assert.deepEqual(perClassFewShot(labels, { perClass: 8, seed: 42 }), s);
  assert.notDeepEqual(perClassFewShot(labels, { perClass: 8, seed: 43 }).trainIdx, s.trainIdx);
  const per = [0, 0, 0];
  for (const i of s.trainIdx) per[labels[i]]++;
  assert.deepEqual(per, [8, 8, 8]);
  assert.equal(s.evalIdx.length, 300 - 24);
  const train = new Set(s.trainIdx);
  assert.ok(s.evalIdx.every((i) => !train.has(i)));
  assert.deepEqual([...s.trainIdx, ...s.evalIdx].sort((a, b) => a - b), labels.map((_, i) => i));
  assert.deepEqual(perClassFewShot(labels, { perClass: 8, seed: 42, evalIdx: 'none' }), { trainIdx: s.trainIdx, evalIdx: [] });
});

test('per-class: a class with too few examples is named, including a class with none', () => {
  const labels = [0, 0, 0, 1, 1, 0, 0];
  assert.throws(() => perClassFewShot(labels, { perClass: 3, seed: 1, labelNames: ['neg', 'pos'] }),
    (e: unknown) => e instanceof ConfigError && /class "pos" \(1\) has 2 examples in the pool, fewer than perClass = 3/.test(e.message));
  assert.throws(() => perClassFewShot([0, 0, 1, 1], { perClass: 1, seed: 1, labelNames: ['a', 'b', 'c'] }), /class "c" \(2\) has 0 examples/);
});
