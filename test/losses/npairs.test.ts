// N-pairs loss vs a plain-loop implementation of docs/paper.md §5.9.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstPairPerLabel } from '../../lib/losses/npairs';
import { REF_DISTANCES, crossEntropy } from './helpers';
import { describeLoss, type Oracle } from './suite';

const oracle: Oracle = (x, labels, p) => {
  const dist = REF_DISTANCES[p.distance as string];
  const pairs: [number, number][] = [];
  for (const y of [...new Set(labels)].sort((a, b) => a - b)) {
    const members = labels.map((l, i) => (l === y ? i : -1)).filter((i) => i >= 0);
    if (members.length >= 2) pairs.push([members[0], members[1]]);
  }
  if (!pairs.length) return 0;
  const losses = pairs.map(([a], k) =>
    crossEntropy(
      pairs.map(([, pos]) => (dist.inverted ? 1 : -1) * dist.f(x[a], x[pos])),
      k,
    ),
  );
  return losses.reduce((s, l) => s + l, 0) / losses.length;
};

describeLoss({
  name: 'npairs',
  oracle,
  handCases: [
    {
      label: '2-D dot products',
      x: [
        [1, 0],
        [0.5, 0.5],
        [0, 2],
        [-1, 1],
        [0.3, -0.7],
      ],
      labels: [0, 1, 0, 1, 1],
      numClasses: 2,
    },
    {
      label: '3-D cosine, three classes',
      x: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [1, 1, 0],
        [0, 1, 1],
        [1, 0, 1],
      ],
      labels: [2, 0, 1, 2, 0, 1],
      numClasses: 3,
      params: { distance: 'cosine' },
    },
  ],
  randomParams: [{}, { distance: 'cosine' }, { distance: 'euclidean' }],
  zeroEdges: ['no positive pair', 'no negative pair'],
});

test('npairs: one pair per label, its first and second member, by ascending label', () => {
  assert.deepEqual(firstPairPerLabel(Int32Array.from([3, 1, 3, 1, 1, 2, 3])), { anchors: [1, 0], positives: [3, 2] });
});
