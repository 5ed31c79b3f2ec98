// Multi-Similarity loss vs a plain-loop implementation of docs/paper.md §5.6.
import { REF_DISTANCES, atAngles, logSumExp } from './helpers';
import { describeLoss, type Oracle } from './suite';

const oracle: Oracle = (x, labels, p) => {
  const dist = REF_DISTANCES[p.distance as string];
  const [alpha, beta, base] = [p.alpha as number, p.beta as number, p.base as number];
  let total = 0;
  x.forEach((a, i) => {
    const pos: number[] = [];
    const neg: number[] = [];
    x.forEach((b, j) => {
      if (i === j) return;
      const v = dist.f(a, b);
      // margin(x, y) = y − x for similarities, x − y for distances
      if (labels[i] === labels[j]) pos.push(alpha * (dist.inverted ? base - v : v - base));
      else neg.push(beta * (dist.inverted ? v - base : base - v));
    });
    total += logSumExp(pos, true) / alpha + logSumExp(neg, true) / beta;
  });
  return total / x.length;
};

describeLoss({
  name: 'multi-similarity',
  oracle,
  handCases: [
    { label: '2-D at known angles', x: atAngles([0, 30, 60, 150, 240]), labels: [0, 0, 1, 1, 0], numClasses: 2 },
    {
      label: 'alpha 1, beta 10, base 0.2',
      x: atAngles([0, 90, 100, 270]),
      labels: [1, 0, 1, 0],
      numClasses: 2,
      params: { alpha: 1, beta: 10, base: 0.2 },
    },
  ],
  randomParams: [{}, { alpha: 1, beta: 10, base: 0.2 }, { distance: 'euclidean', base: 1 }],
});
