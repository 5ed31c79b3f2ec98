// sentence-transformers' BatchAllTripletLoss vs a brute-force loop (docs/paper.md §5.4, end).
import { test } from 'node:test';
import { createLoss } from '../../lib/losses/index';
import { assertClose, euclid, lossValue, randomLabels, randomMatrix, useBackend, type Matrix } from './helpers';
import { describeLoss, type Oracle } from './suite';

/** Σ relu(‖x_a − x_p‖ − ‖x_a − x_n‖ + m) / (#{ℓ > 1e-16} + 1e-16), unnormalised distances. */
const oracle: Oracle = (x: Matrix, labels, p) => {
  let sum = 0;
  let positive = 0;
  labels.forEach((ya, a) =>
    labels.forEach((yp, pos) =>
      labels.forEach((yn, n) => {
        if (yp !== ya || pos === a || yn === ya) return;
        const l = Math.max(euclid(x[a], x[pos]) - euclid(x[a], x[n]) + (p.margin as number), 0);
        sum += l;
        if (l > 1e-16) positive++;
      }),
    ),
  );
  return sum / (positive + 1e-16);
};

describeLoss({
  name: 'batch-all-triplet',
  oracle,
  handCases: [
    {
      label: '2-D points of different norms',
      x: [
        [0, 0],
        [1, 0],
        [0, 3],
        [4, 4],
        [-2, 1],
      ],
      labels: [0, 0, 1, 1, 0],
      numClasses: 2,
      params: { margin: 1 },
    },
    {
      label: 'default margin 5',
      x: [
        [1, 2],
        [2, 1],
        [-3, 0],
        [0, -3],
      ],
      labels: [0, 0, 1, 1],
      numClasses: 2,
    },
  ],
  randomParams: [{}, { margin: 1 }, { margin: 0.3 }],
  zeroEdges: ['no positive pair', 'no negative pair'],
});

test('batch-all-triplet: row blocks give the brute-force value', async () => {
  await useBackend('cpu');
  const x = randomMatrix(31, 36, 4, 2);
  const labels = randomLabels(32, 36, 4);
  const loss = createLoss('batch-all-triplet', { numClasses: 4, embeddingSize: 4, blockEntries: 5 * 36, margin: 1.5 });
  assertClose(lossValue(loss, x, labels), oracle(x, labels, { margin: 1.5 }, []), 1e-6, 1e-5);
});
