// Reference values: scipy 1.17.1 (scipy.stats.ttest_rel / wilcoxon, numpy.std), commands in comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averageRanks, meanStd, pairedTTest, wilcoxonSignedRank } from '../../lib/eval/stats';
import { normalCdf, studentTTwoSided } from '../../lib/eval/special-functions';

const close = (a: number | null, b: number, tol = 1e-9) => assert.ok(a !== null && Math.abs(a - b) < tol, `${a} != ${b}`);

test('mean and population std (numpy.std) with the sample std alongside', () => {
  const s = meanStd([0.81, 0.78, 0.85, 0.8, 0.77]);
  close(s.mean, 0.802);
  close(s.std, 0.027856776554368225); // np.std
  close(s.sampleStd, Math.sqrt((0.027856776554368225 ** 2 * 5) / 4));
  assert.equal(meanStd([3]).sampleStd, 0);
});

test('Student t tail: closed forms for df 1 and 2, and the 5% critical values', () => {
  close(studentTTwoSided(1.7, 1), 1 - (2 / Math.PI) * Math.atan(1.7), 1e-12);
  close(studentTTwoSided(2.3, 2), 1 - 2.3 / Math.sqrt(2 + 2.3 ** 2), 1e-12);
  close(studentTTwoSided(2.7764451051977987, 4), 0.05, 1e-10);
  close(studentTTwoSided(2.2281388519649385, 10), 0.05, 1e-10);
  close(normalCdf(1.959963984540054), 0.975, 2e-7);
});

test('paired t-test matches scipy.stats.ttest_rel', () => {
  // ttest_rel([.81,.78,.85,.80,.77],[.75,.79,.80,.74,.70]) -> t=3.20497186574144, p=0.032745305930654375
  const r = pairedTTest([0.81, 0.78, 0.85, 0.8, 0.77], [0.75, 0.79, 0.8, 0.74, 0.7]);
  close(r.statistic, 3.20497186574144, 1e-10);
  close(r.pValue, 0.032745305930654375, 1e-10);
  close(r.meanDiff, 0.046);
  // ttest_rel([1..8],[1.5,1.2,2.1,3.3,4.4,6.6,5.5,9.9]) -> t=0.4815855127558385, p=0.6447912097204356
  const r2 = pairedTTest([1, 2, 3, 4, 5, 6, 7, 8], [1.5, 1.2, 2.1, 3.3, 4.4, 6.6, 5.5, 9.9]);
  close(r2.statistic, 0.4815855127558385, 1e-10);
  close(r2.pValue, 0.6447912097204356, 1e-10);
  assert.equal(pairedTTest([1, 2], [1, 2]).pValue, null); // all differences 0: undefined
  assert.equal(pairedTTest([1], [0]).pValue, null);
});

test('Wilcoxon signed-rank matches scipy.stats.wilcoxon (exact, sign flips, normal)', () => {
  const small = wilcoxonSignedRank([0.81, 0.78, 0.85, 0.8, 0.77], [0.75, 0.79, 0.8, 0.74, 0.7]);
  close(small.statistic, 1);
  close(small.pValue, 0.125); // scipy: statistic 1.0, p 0.125
  const untied = wilcoxonSignedRank([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]);
  assert.equal(untied.method, 'exact');
  close(untied.pValue, 0.0625);
  // ties (|0.6| twice): wilcoxon([1..8],[1.5,1.2,2.1,3.3,4.4,6.6,5.5,9.9]) -> 11.5, p=0.3984375
  const ties = wilcoxonSignedRank([1, 2, 3, 4, 5, 6, 7, 8], [1.5, 1.2, 2.1, 3.3, 4.4, 6.6, 5.5, 9.9]);
  assert.equal(ties.method, 'permutation');
  close(ties.statistic, 11.5);
  close(ties.pValue, 0.3984375);
  close(wilcoxonSignedRank([1, 2, 2, 3, 5, 1, 4], [0, 0, 0, 0, 0, 3, 0]).pValue, 0.078125);
  close(wilcoxonSignedRank([1, -2, 0, 3], [0, 0, 0, 0]).pValue, 0.75); // a zero difference
  // n = 16 with a zero: wilcoxon(1..16, [0,0,1,1,0,...,0,16]) -> 0.0, p=0.0006533107814151376
  const big = wilcoxonSignedRank(
    Array.from({ length: 16 }, (_, i) => i + 1),
    [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16],
  );
  assert.equal(big.method, 'normal');
  close(big.pValue, 0.0006533107814151376, 1e-7);
  assert.equal(wilcoxonSignedRank([1, 2], [1, 2]).pValue, null);
});

test('average ranks share ties', () => {
  assert.deepEqual(averageRanks([3, 1, 3, 2]), { ranks: [3.5, 1, 3.5, 2], tieSizes: [2] });
});
