// Triplet margin loss vs a brute-force loop over all triplets (docs/paper.md §5.4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLoss } from '../../lib/losses/index';
import { REF_DISTANCES, assertClose, atAngles, lossValue, randomLabels, randomMatrix, softplus, useBackend, type Matrix } from './helpers';
import { describeLoss, type Oracle, type Params } from './suite';

/** Mean of the positive ℓ = relu(d_ap − d_an + m) (softplus when smooth; swap: min(d_an, d_pn)). */
const oracle: Oracle = (x: Matrix, labels: number[], p: Params) => {
  const dist = REF_DISTANCES[p.distance as string];
  const d = (i: number, j: number) => (dist.inverted ? -1 : 1) * dist.f(x[i], x[j]);
  const losses: number[] = [];
  labels.forEach((ya, a) =>
    labels.forEach((yp, pos) =>
      labels.forEach((yn, n) => {
        if (yp !== ya || pos === a || yn === ya) return;
        const dan = p.swap ? Math.min(d(a, n), d(pos, n)) : d(a, n);
        const v = d(a, pos) - dan + (p.margin as number);
        losses.push(p.smoothLoss ? softplus(v) : Math.max(v, 0));
      }),
    ),
  );
  const positive = losses.filter((l) => l > 0);
  return positive.length ? positive.reduce((s, l) => s + l, 0) / positive.length : 0;
};

describeLoss({
  name: 'triplet-margin',
  oracle,
  handCases: [
    {
      label: '2-D at known angles',
      x: atAngles([0, 10, 30, 170, 180, 95]),
      labels: [0, 0, 1, 1, 0, 1],
      numClasses: 2,
      params: { margin: 0.3 },
    },
    { label: 'swap', x: atAngles([0, 50, 60, 100, 180]), labels: [0, 0, 1, 1, 0], numClasses: 2, params: { margin: 0.2, swap: true } },
    {
      label: 'smooth, cosine, 3-D',
      x: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [1, 1, 0],
        [0, 1, 1],
      ],
      labels: [0, 0, 1, 1, 2],
      numClasses: 3,
      params: { smoothLoss: true, distance: 'cosine' },
    },
  ],
  randomParams: [
    {},
    { margin: 0.4 },
    { swap: true, margin: 0.3 },
    { smoothLoss: true },
    { distance: 'cosine', margin: 0.2 },
    { swap: true, smoothLoss: true, distance: 'squared-euclidean' },
  ],
  zeroEdges: ['no positive pair', 'no negative pair'],
});

test('triplet-margin: exact all-triplets sum over several row blocks equals the brute force', async () => {
  await useBackend('cpu');
  const x = randomMatrix(21, 40, 5);
  const labels = randomLabels(22, 40, 3);
  for (const params of [{ margin: 0.3 }, { margin: 0.1, distance: 'dot' }]) {
    const loss = createLoss('triplet-margin', { numClasses: 3, embeddingSize: 5, blockEntries: 7 * 40, ...params });
    assertClose(lossValue(loss, x, labels), oracle(x, labels, loss.params, []), 1e-6, 1e-5, JSON.stringify(params));
  }
});

test('triplet-margin: above maxTriplets, a seeded uniform sample estimates the full loss', async () => {
  await useBackend('cpu');
  const x = randomMatrix(23, 30, 4);
  const labels = randomLabels(24, 30, 2);
  const full = oracle(x, labels, { margin: 0.5, swap: true, smoothLoss: false, distance: 'euclidean' }, []);
  const sampled = (seed: number) =>
    lossValue(
      createLoss('triplet-margin', { numClasses: 2, embeddingSize: 4, seed, margin: 0.5, swap: true, maxTriplets: 4000 }),
      x,
      labels,
    );
  const a = sampled(1);
  assert.equal(sampled(1), a, 'same seed, same sample');
  assert.ok(Math.abs(a - full) < 0.05 * full, `sampled ${a} vs full ${full}`);
  const noSwap = oracle(x, labels, { margin: 0.5, swap: false, smoothLoss: false, distance: 'euclidean' }, []);
  const perAnchor = lossValue(
    createLoss('triplet-margin', { numClasses: 2, embeddingSize: 4, margin: 0.5, tripletsPerAnchor: 200 }),
    x,
    labels,
  );
  assert.ok(Math.abs(perAnchor - noSwap) < 0.05 * noSwap, `per-anchor sample ${perAnchor} vs full ${noSwap}`);
});
