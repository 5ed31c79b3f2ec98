// CosFace loss vs a plain-loop implementation of docs/paper.md §5.11.
import assert from 'node:assert/strict';
import { atAngles, column, crossEntropy, dot, normalize, transpose, type Matrix } from './helpers';
import { describeLoss, moments, type Params } from './suite';

const cosines = (x: Matrix, w: Matrix) => x.map((xi) => w[0].map((_, c) => dot(normalize(xi), normalize(column(w, c)))));

function oracle(x: Matrix, labels: number[], p: Params, [w]: Matrix[]): number {
  const losses = cosines(x, w).map((row, i) =>
    crossEntropy(
      row.map((c, j) => (p.scale as number) * (j === labels[i] ? c - (p.margin as number) : c)),
      labels[i],
    ),
  );
  return losses.reduce((a, b) => a + b, 0) / losses.length;
}

describeLoss({
  name: 'cosface',
  oracle,
  handCases: [
    {
      label: '2-D, class weights at 0° and 120°',
      x: atAngles([10, 130, 250]),
      labels: [0, 1, 1],
      numClasses: 2,
      weights: [transpose(atAngles([0, 120]))],
    },
    {
      label: 'margin 0.1, scale 30',
      x: atAngles([0, 60, 90]),
      labels: [0, 1, 0],
      numClasses: 2,
      params: { margin: 0.1, scale: 30 },
      weights: [transpose(atAngles([0, 120]))],
    },
  ],
  randomParams: [{}, { margin: 0.1, scale: 30 }],
  proxy: {
    logits: (x, p, [w]) => cosines(x, w).map((row) => row.map((c) => (p.scale as number) * c)),
    shape: (classes, dim) => [dim, classes],
    checkInit: (values) => {
      const { mean, std } = moments(values);
      assert.ok(Math.abs(mean) < 0.1 && Math.abs(std - 1) < 0.1, `N(0, 1): mean ${mean}, std ${std}`);
    },
  },
});
