import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accuracyByDecile,
  arraySplit,
  centroidDistances,
  confidenceHistogram,
  reliabilityReport,
  wordCount,
} from '../../lib/analysis/reliability';

test('array_split sizes follow numpy', () => {
  assert.deepEqual(
    arraySplit([...Array(25).keys()], 10).map((p) => p.length),
    [3, 3, 3, 3, 3, 2, 2, 2, 2, 2],
  );
  assert.deepEqual(arraySplit([1, 2, 3], 10), [[1], [2], [3]]);
});

test('deciles: sorted descending then split (paper), reported by increasing value', () => {
  const values = [...Array(25).keys()]; // 0..24
  const correct = values.map((v) => v >= 12);
  const rows = accuracyByDecile(values, correct);
  assert.equal(rows.length, 10);
  assert.deepEqual(
    rows.map((r) => r.count),
    [2, 2, 2, 2, 2, 3, 3, 3, 3, 3],
  );
  assert.deepEqual(rows[0], { group: 0, count: 2, mean: 0.5, min: 0, max: 1, accuracy: 0 });
  assert.deepEqual(rows[9], { group: 9, count: 3, mean: 23, min: 22, max: 24, accuracy: 1 });
  // values 10, 11 | 12, 13, 14 straddle the boundary: group 5 holds 10, 11, 12 → 1/3 correct
  assert.equal(rows[5].min, 10);
  assert.ok(Math.abs(rows[5].accuracy - 1 / 3) < 1e-12);
});

test('centroid distance, word counts, confidence histogram, full report', () => {
  const m = { data: Float32Array.from([0, 0, 2, 0, 1, 3]), rows: 3, cols: 2 }; // centroid (1, 1)
  const d = centroidDistances(m);
  assert.deepEqual(
    d.map((v) => +v.toFixed(6)),
    [+Math.SQRT2.toFixed(6), +Math.SQRT2.toFixed(6), 2],
  );
  assert.equal(wordCount('  a  b c '), 3);
  assert.equal(wordCount('a b', 'c d e'), 5);
  const h = confidenceHistogram([0.55, 0.95, 1, 0.05], [true, false, true, false], 10);
  assert.deepEqual([h[0].wrong, h[5].correct, h[9].correct, h[9].wrong], [1, 1, 1, 1]);
  const r = reliabilityReport({ embeddings: m, correct: [true, false, true], confidences: [0.9, 0.8, 0.6], lengths: [3, 5, 9] });
  assert.equal(r.n, 3);
  assert.equal(r.distanceDeciles.length, 3);
  assert.equal(r.reliabilityBins.length, 15);
  assert.ok(Math.abs(r.ece - (Math.abs(1 - 0.9) + Math.abs(0 - 0.8) + Math.abs(1 - 0.6)) / 3) < 1e-12);
});
