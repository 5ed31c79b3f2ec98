import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionRollout, averageHeads } from '../../lib/explain/rollout';
import { firstTokenAttention, summarizeAttention } from '../../lib/explain/attention';

const layer1 = [
  [
    [1, 0],
    [0.5, 0.5],
  ],
  [
    [0, 1],
    [0.5, 0.5],
  ],
];
const layer2 = [
  [
    [0.2, 0.8],
    [0.6, 0.4],
  ],
  [
    [0.2, 0.8],
    [0.6, 0.4],
  ],
];

test('rollout matches the hand-computed product of residual-mixed attentions', () => {
  // Â1 = ½·[[.5,.5],[.5,.5]] + ½I = [[.75,.25],[.25,.75]];  Â2 = [[.6,.4],[.3,.7]]
  // R = Â2·Â1 = [[.55,.45],[.4,.6]]
  const r = attentionRollout([averageHeads(layer1), averageHeads(layer2)]);
  const expected = [
    [0.55, 0.45],
    [0.4, 0.6],
  ];
  r.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - expected[i][j]) < 1e-12)));
  r.forEach((row) => assert.ok(Math.abs(row[0] + row[1] - 1) < 1e-12));
  // residual 0 is the plain product of attentions
  const plain = attentionRollout([averageHeads(layer1), averageHeads(layer2)], 0);
  assert.ok(Math.abs(plain[0][0] - 0.5) < 1e-12);
});

test('first-token attention averages heads per layer; summary keeps both views', () => {
  assert.deepEqual(firstTokenAttention([layer1, layer2]), [
    [0.5, 0.5],
    [0.2, 0.8],
  ]);
  const s = summarizeAttention([layer1, layer2]);
  assert.deepEqual(
    s.rollout.map((v) => +v.toFixed(12)),
    [0.55, 0.45],
  );
});
