// NT-Xent loss vs a plain-loop implementation of docs/paper.md §5.7.
import { REF_DISTANCES, atAngles } from './helpers';
import { describeLoss, type Oracle } from './suite';

const TINY = 1.1754943508222875e-38; // float32's smallest normal number (PML's small_val)

const oracle: Oracle = (x, labels, p) => {
  const dist = REF_DISTANCES[p.distance as string];
  const z = (i: number, j: number) => ((dist.inverted ? 1 : -1) * dist.f(x[i], x[j])) / (p.temperature as number);
  const losses: number[] = [];
  let negativePairs = 0;
  labels.forEach((ya, a) =>
    labels.forEach((yp, pos) => {
      if (ya !== yp) negativePairs++;
      if (ya !== yp || a === pos) return;
      const num = Math.exp(z(a, pos));
      const den = labels.reduce((s, yn, n) => (yn !== ya ? s + Math.exp(z(a, n)) : s), num);
      losses.push(-Math.log(num / den + TINY));
    }),
  );
  if (!losses.length || !negativePairs) return 0;
  return losses.reduce((s, l) => s + l, 0) / losses.length;
};

describeLoss({
  name: 'ntxent',
  oracle,
  handCases: [
    { label: '2-D at known angles', x: atAngles([0, 15, 90, 120, 200]), labels: [0, 0, 1, 1, 2], numClasses: 3 },
    {
      label: 'temperature 0.5, 3-D',
      x: [
        [1, 0, 0],
        [0.8, 0.6, 0],
        [0, 0, 1],
        [0, 1, 0],
      ],
      labels: [0, 0, 1, 1],
      numClasses: 2,
      params: { temperature: 0.5 },
    },
  ],
  randomParams: [{}, { temperature: 0.5 }, { distance: 'euclidean', temperature: 0.3 }],
  zeroEdges: ['no positive pair', 'no negative pair'],
});
