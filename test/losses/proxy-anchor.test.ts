// ProxyAnchor loss vs a plain-loop implementation of docs/paper.md §5.2.
import assert from 'node:assert/strict';
import { atAngles, dot, logSumExp, normalize, type Matrix } from './helpers';
import { describeLoss, moments, type Params } from './suite';

const cosines = (x: Matrix, proxies: Matrix) => x.map((xi) => proxies.map((pc) => dot(normalize(xi), normalize(pc))));

function oracle(x: Matrix, labels: number[], p: Params, [proxies]: Matrix[]): number {
  const s = cosines(x, proxies);
  const [alpha, margin] = [p.alpha as number, p.margin as number];
  let pos = 0;
  let neg = 0;
  proxies.forEach((_, c) => {
    const inClass = labels.map((y, i) => (y === c ? i : -1)).filter((i) => i >= 0);
    const others = labels.map((y, i) => (y !== c ? i : -1)).filter((i) => i >= 0);
    if (inClass.length)
      pos += logSumExp(
        inClass.map((i) => alpha * (margin - s[i][c])),
        true,
      );
    if (others.length)
      neg += logSumExp(
        others.map((i) => alpha * (s[i][c] + margin)),
        true,
      );
  });
  const present = new Set(labels).size;
  return (present ? pos / present : 0) + neg / proxies.length;
}

describeLoss({
  name: 'proxy-anchor',
  oracle,
  handCases: [
    {
      label: '2-D, proxies at 0°, 90°, 225°',
      x: atAngles([10, 80, 200, 350]),
      labels: [0, 1, 2, 0],
      numClasses: 3,
      weights: [atAngles([0, 90, 225])],
    },
    {
      label: 'authors’ alpha 0.1, one class absent',
      x: atAngles([30, 60, 100]),
      labels: [0, 0, 1],
      numClasses: 3,
      params: { alpha: 0.1 },
      weights: [atAngles([0, 90, 225])],
    },
  ],
  randomParams: [{}, { alpha: 0.1 }, { margin: 0.3, alpha: 16 }],
  proxy: {
    logits: (x, _p, [proxies]) => cosines(x, proxies),
    shape: (classes, dim) => [classes, dim],
    checkInit: (values) => {
      const { mean, std } = moments(values);
      assert.ok(Math.abs(mean) < 0.1 && Math.abs(std - 1) < 0.1, `N(0, 2/C) with C = 2: mean ${mean}, std ${std}`);
    },
  },
});
