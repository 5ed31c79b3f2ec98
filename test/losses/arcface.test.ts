// ArcFace loss vs a plain-loop implementation of docs/paper.md §5.10 (acos form).
import assert from 'node:assert/strict';
import { atAngles, column, crossEntropy, dot, normalize, transpose, type Matrix } from './helpers';
import { describeLoss, moments, type Params } from './suite';

const cosines = (x: Matrix, w: Matrix) => x.map((xi) => w[0].map((_, c) => dot(normalize(xi), normalize(column(w, c)))));

function oracle(x: Matrix, labels: number[], p: Params, [w]: Matrix[]): number {
  const m = ((p.marginDegrees as number) * Math.PI) / 180;
  const losses = cosines(x, w).map((row, i) => {
    const logits = row.map((c, j) => (p.scale as number) * (j === labels[i] ? Math.cos(Math.acos(Math.min(Math.max(c, -1), 1)) + m) : c));
    return crossEntropy(logits, labels[i]);
  });
  return losses.reduce((a, b) => a + b, 0) / losses.length;
}

describeLoss({
  name: 'arcface',
  oracle,
  handCases: [
    {
      label: '2-D, class weights at 0°, 90°, 180°',
      x: atAngles([10, 100, 170, 45]),
      labels: [0, 1, 2, 0],
      numClasses: 3,
      weights: [transpose(atAngles([0, 90, 180]))],
    },
    {
      label: 'margin 10°, scale 8',
      x: atAngles([0, 95, 200]),
      labels: [0, 1, 2],
      numClasses: 3,
      params: { marginDegrees: 10, scale: 8 },
      weights: [transpose(atAngles([0, 90, 180]))],
    },
  ],
  randomParams: [{}, { marginDegrees: 10, scale: 10 }],
  proxy: {
    logits: (x, p, [w]) => cosines(x, w).map((row) => row.map((c) => (p.scale as number) * c)),
    shape: (classes, dim) => [dim, classes],
    checkInit: (values) => {
      const { mean, std } = moments(values);
      assert.ok(Math.abs(mean) < 0.1 && Math.abs(std - 1) < 0.1, `N(0, 1): mean ${mean}, std ${std}`);
    },
  },
});
