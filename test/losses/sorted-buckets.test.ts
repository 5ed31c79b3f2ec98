// The bucket sort and threshold counts behind the exact triplet hinge (lib/losses/sorted-buckets.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SortedBuckets } from '../../lib/losses/sorted-buckets';
import { Rng } from '../../lib/util/random';

function check(values: number[]): void {
  const buckets = new SortedBuckets(values.length + 3);
  buckets.sort(Float64Array.from(values), values.length);
  const expected = values.slice().sort((a, b) => a - b);
  assert.deepEqual(Array.from(buckets.sorted.subarray(0, values.length)), expected);
  expected.forEach((_, k) => assert.ok(Math.abs(buckets.prefix[k + 1] - expected.slice(0, k + 1).reduce((s, v) => s + v, 0)) < 1e-9));
  const probes = [...values, ...values.map((v) => v + 1e-9), -Infinity, Infinity, Math.min(...values) - 1, Math.max(...values) + 1];
  for (const x of probes) {
    assert.equal(buckets.countBelow(x), values.filter((v) => v < x).length, `count < ${x}`);
    assert.equal(buckets.countBelow(x, true), values.filter((v) => v <= x).length, `count <= ${x}`);
  }
}

test('SortedBuckets: sorts and counts exactly for spread, clustered, duplicated and extreme values', () => {
  const rng = new Rng(1);
  check(Array.from({ length: 200 }, () => rng.normal()));
  check(Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? 5 : 1 + 1e-9 * rng.next()))); // a tight cluster and an outlier
  check(Array.from({ length: 50 }, () => 0.25)); // all equal
  check([3, -1, 2, 2, 2, 0, 1e6, -1e6]);
  check([7]);
  const empty = new SortedBuckets(4);
  empty.sort(new Float64Array(4), 0);
  assert.equal(empty.countBelow(1), 0);
});
