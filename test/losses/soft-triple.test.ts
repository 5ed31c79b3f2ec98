// SoftTriple loss vs a plain-loop implementation of docs/paper.md §5.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLoss } from '../../lib/losses/index';
import { atAngles, column, crossEntropy, dot, normalize, transpose, type Matrix } from './helpers';
import { describeLoss, type Params } from './suite';

/** S [N, C]: softmax(s/γ)-weighted cosine to each class's K centers (columns c·K + k of W). */
function classSimilarities(x: Matrix, p: Params, w: Matrix): Matrix {
  const k = p.centersPerClass as number;
  const classes = w[0].length / k;
  return x.map((xi) =>
    Array.from({ length: classes }, (_, c) => {
      const s = Array.from({ length: k }, (_, j) => dot(normalize(xi), normalize(column(w, c * k + j))));
      const e = s.map((v) => Math.exp(v / (p.gamma as number)));
      const z = e.reduce((a, b) => a + b, 0);
      return s.reduce((acc, v, j) => acc + (e[j] / z) * v, 0);
    }),
  );
}

function oracle(x: Matrix, labels: number[], p: Params, [w]: Matrix[]): number {
  const S = classSimilarities(x, p, w);
  const ce = S.map((row, i) =>
    crossEntropy(
      row.map((v, c) => (p.la as number) * (v - (c === labels[i] ? (p.margin as number) : 0))),
      labels[i],
    ),
  );
  let loss = ce.reduce((a, b) => a + b, 0) / ce.length;
  const tau = p.tau as number;
  if (tau > 0) {
    const k = p.centersPerClass as number;
    const classes = w[0].length / k;
    let reg = 0;
    for (let c = 0; c < classes; c++)
      for (let i = 0; i < k; i++)
        for (let j = i + 1; j < k; j++) {
          const cos = dot(normalize(column(w, c * k + i)), normalize(column(w, c * k + j)));
          reg += Math.sqrt(Math.max(2 - Math.min(2 * cos, 2), 0));
        }
    loss += (tau * reg) / (classes * k * (k - 1));
  }
  return loss;
}

// Centers at known angles: class 0 at 0° and 40°, class 1 at 120° and 200° (K = 2), as columns.
const centers = transpose(atAngles([0, 40, 120, 200]));

describeLoss({
  name: 'soft-triple',
  oracle,
  handCases: [
    {
      label: '2-D, centers at known angles',
      x: atAngles([10, 30, 150, 190, 90]),
      labels: [0, 0, 1, 1, 0],
      numClasses: 2,
      params: { centersPerClass: 2 },
      weights: [centers],
    },
    {
      label: 'authors’ values',
      x: atAngles([0, 60, 170, 250]),
      labels: [0, 1, 1, 0],
      numClasses: 2,
      params: { centersPerClass: 2, la: 8, gamma: 0.1, margin: 0.1 },
      weights: [centers],
    },
    {
      label: 'with the center regulariser',
      x: atAngles([5, 100]),
      labels: [0, 1],
      numClasses: 2,
      params: { centersPerClass: 2, tau: 0.2 },
      weights: [centers],
    },
  ],
  randomParams: [
    { centersPerClass: 2 },
    { centersPerClass: 3, la: 8, gamma: 0.1, margin: 0.1 },
    { centersPerClass: 2, tau: 0.2, la: 5, gamma: 0.5 },
  ],
  proxy: {
    logits: (x, p, [w]) => classSimilarities(x, p, w),
    shape: (classes, dim) => [dim, classes * 10],
    checkInit: (values) => {
      const bound = 1 / Math.sqrt(2 * 10);
      assert.ok(
        values.every((v) => Math.abs(v) <= bound),
        'U(−1/√(CK), 1/√(CK))',
      );
      assert.ok(Math.max(...values) > 0.9 * bound && Math.min(...values) < -0.9 * bound, 'spans the interval');
    },
  },
});

test('soft-triple: tau needs at least two centers per class', () => {
  assert.throws(() => createLoss('soft-triple', { numClasses: 2, embeddingSize: 4, centersPerClass: 1, tau: 0.2 }), /centersPerClass >= 2/);
});
