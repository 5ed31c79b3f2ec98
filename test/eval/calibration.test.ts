import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedCalibrationError, reliabilityBins } from '../../lib/eval/calibration';

test('reliability bins put confidence c in (lo, hi] and list every bin', () => {
  const bins = reliabilityBins([0.05, 0.1, 0.55, 0.6, 1.0, 0], [true, false, true, true, false, true], 10);
  assert.equal(bins.length, 10);
  assert.deepEqual(
    bins.map((b) => b.count),
    [3, 0, 0, 0, 0, 2, 0, 0, 0, 1],
  );
  assert.ok(Math.abs(bins[0].accuracy - 2 / 3) < 1e-12);
  assert.ok(Math.abs(bins[0].confidence - 0.05) < 1e-12);
  assert.equal(bins[5].accuracy, 1);
  assert.equal(bins[9].accuracy, 0);
  assert.equal(bins[3].confidence, 0.35); // empty bin: its centre
});

test('ECE matches a hand computation', () => {
  // 4 examples, 2 bins: bin (0,.5]: conf .4,.5 acc 1/2 -> |.5-.45| = .05 ; bin (.5,1]: conf .8,.9 acc 1 -> |1-.85| = .15
  const ece = expectedCalibrationError([0.4, 0.5, 0.8, 0.9], [true, false, true, true], 2);
  assert.ok(Math.abs(ece - (0.5 * 0.05 + 0.5 * 0.15)) < 1e-12);
  assert.equal(expectedCalibrationError([], []), 0);
  assert.equal(expectedCalibrationError([1, 1], [true, true]), 0);
  assert.throws(() => expectedCalibrationError([1], []), /differ in length/);
});
