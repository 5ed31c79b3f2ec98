// ProxyNCA loss vs a plain-loop implementation of docs/paper.md §5.3.
import assert from 'node:assert/strict';
import { atAngles, crossEntropy, euclid, normalize, type Matrix } from './helpers';
import { describeLoss, moments, type Params } from './suite';

const squaredDistances = (x: Matrix, proxies: Matrix) => x.map((xi) => proxies.map((pc) => euclid(normalize(xi), normalize(pc)) ** 2));

function oracle(x: Matrix, labels: number[], p: Params, [proxies]: Matrix[]): number {
  const d = squaredDistances(x, proxies);
  const losses = d.map((row, i) =>
    crossEntropy(
      row.map((v) => -(p.softmaxScale as number) * v),
      labels[i],
    ),
  );
  return losses.reduce((a, b) => a + b, 0) / losses.length;
}

describeLoss({
  name: 'proxy-nca',
  oracle,
  handCases: [
    {
      label: '2-D, proxies at 0° and 120°',
      x: atAngles([0, 45, 130, 240]),
      labels: [0, 0, 1, 1],
      numClasses: 2,
      weights: [atAngles([0, 120])],
    },
    {
      label: 'softmax scale 4',
      x: atAngles([20, 100, 300]),
      labels: [1, 0, 1],
      numClasses: 2,
      params: { softmaxScale: 4 },
      weights: [atAngles([0, 120])],
    },
  ],
  randomParams: [{}, { softmaxScale: 3 }, { softmaxScale: 10 }],
  proxy: {
    logits: (x, _p, [proxies]) => squaredDistances(x, proxies).map((row) => row.map((v) => -v)),
    shape: (classes, dim) => [classes, dim],
    checkInit: (values) => {
      const { mean, std } = moments(values);
      assert.ok(Math.abs(mean) < 0.1 && Math.abs(std - 1) < 0.1, `N(0, 1): mean ${mean}, std ${std}`);
    },
  },
});
