// Supervised contrastive loss vs a plain-loop implementation of docs/paper.md §5.8.
import { REF_DISTANCES, atAngles } from './helpers';
import { describeLoss, type Oracle } from './suite';

const oracle: Oracle = (x, labels, p) => {
  const dist = REF_DISTANCES[p.distance as string];
  const z = (i: number, j: number) => ((dist.inverted ? 1 : -1) * dist.f(x[i], x[j])) / (p.temperature as number);
  const hasPos = labels.some((y, i) => labels.some((w, j) => i !== j && y === w));
  const hasNeg = labels.some((y) => labels.some((w) => y !== w));
  if (!hasPos || !hasNeg) return 0;
  const perAnchor = labels.map((y, i) => {
    const others = labels.map((_, j) => j).filter((j) => j !== i);
    const logDen = Math.log(others.reduce((s, j) => s + Math.exp(z(i, j)), 0));
    const positives = others.filter((j) => labels[j] === y);
    if (!positives.length) return 0;
    return -positives.reduce((s, j) => s + (z(i, j) - logDen), 0) / positives.length;
  });
  const nonZero = perAnchor.filter((l) => l > 0);
  return nonZero.length ? nonZero.reduce((s, l) => s + l, 0) / nonZero.length : 0;
};

describeLoss({
  name: 'supcon',
  oracle,
  handCases: [
    { label: '2-D at known angles', x: atAngles([0, 45, 90, 180, 300]), labels: [0, 0, 1, 1, 2], numClasses: 3 },
    {
      label: 'temperature 0.6, 3-D',
      x: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [1, 1, 1],
      ],
      labels: [0, 1, 0, 1],
      numClasses: 2,
      params: { temperature: 0.6 },
    },
  ],
  randomParams: [{}, { temperature: 0.6 }, { distance: 'squared-euclidean', temperature: 0.5 }],
  zeroEdges: ['no positive pair', 'no negative pair'],
});
