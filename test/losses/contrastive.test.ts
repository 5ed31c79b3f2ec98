// Contrastive loss vs a plain-loop implementation of docs/paper.md §5.5.
import { REF_DISTANCES, atAngles } from './helpers';
import { describeLoss, type Oracle } from './suite';

/** Σ relu over positive and over negative ordered pairs, each averaged over its non-zero terms. */
const oracle: Oracle = (x, labels, p) => {
  const dist = REF_DISTANCES[p.distance as string];
  const sign = dist.inverted ? -1 : 1; // margin(a, b) = sign · (a − b)
  const pos: number[] = [];
  const neg: number[] = [];
  x.forEach((a, i) =>
    x.forEach((b, j) => {
      if (i === j) return;
      const d = dist.f(a, b);
      if (labels[i] === labels[j]) pos.push(Math.max(sign * (d - (p.posMargin as number)), 0));
      else neg.push(Math.max(sign * ((p.negMargin as number) - d), 0));
    }),
  );
  const avgNonZero = (v: number[]) => {
    const nz = v.filter((l) => l > 0);
    return nz.length ? nz.reduce((s, l) => s + l, 0) / nz.length : 0;
  };
  return avgNonZero(pos) + avgNonZero(neg);
};

describeLoss({
  name: 'contrastive',
  oracle,
  handCases: [
    // Unit vectors at 0°, 20°, 90°, 180°: d(0°,20°) = 2 sin 10°, d(0°,90°) = √2, …
    { label: '2-D at known angles', x: atAngles([0, 20, 90, 180]), labels: [0, 0, 1, 1], numClasses: 2 },
    {
      label: 'margins 0.1 / 1.5',
      x: atAngles([0, 45, 60, 200, 210]),
      labels: [0, 1, 0, 1, 1],
      numClasses: 2,
      params: { posMargin: 0.1, negMargin: 1.5 },
    },
    {
      label: '3-D cosine',
      x: [
        [1, 0, 0],
        [0, 1, 0],
        [0.6, 0.8, 0],
        [0, 0, 2],
      ],
      labels: [0, 0, 1, 1],
      numClasses: 2,
      params: { distance: 'cosine', posMargin: 0.9, negMargin: 0.2 },
    },
  ],
  randomParams: [
    {},
    { posMargin: 0.5, negMargin: 1.2 },
    { distance: 'squared-euclidean', negMargin: 2 },
    { distance: 'dot', posMargin: 1, negMargin: 0 },
  ],
});
