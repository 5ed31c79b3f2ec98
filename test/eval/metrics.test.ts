import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argmax, classificationMetrics, confusionMatrix } from '../../lib/eval/metrics';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

test('metrics match a hand computation on 3 classes', () => {
  const y = [0, 0, 0, 1, 1, 2];
  const p = [0, 1, 0, 1, 2, 2];
  const m = classificationMetrics(y, p, ['a', 'b', 'c']);
  assert.deepEqual(m.confusion, [
    [2, 1, 0],
    [0, 1, 1],
    [0, 0, 1],
  ]);
  close(m.accuracy, 4 / 6);
  // a: P=2/2 R=2/3 F1=.8 ; b: P=1/2 R=1/2 F1=.5 ; c: P=1/2 R=1 F1=2/3
  close(m.perClass[0].f1, 0.8);
  close(m.perClass[1].precision, 0.5);
  close(m.perClass[2].recall, 1);
  close(m.macroF1, (0.8 + 0.5 + 2 / 3) / 3);
  close(m.weightedF1, (3 * 0.8 + 2 * 0.5 + 1 * (2 / 3)) / 6);
  assert.deepEqual(
    m.perClass.map((c) => c.support),
    [3, 2, 1],
  );
});

test('absent classes score 0 (zero_division=0) and bad indices are rejected', () => {
  const m = classificationMetrics([0, 0], [0, 0], ['a', 'b']);
  assert.equal(m.perClass[1].f1, 0);
  close(m.macroF1, 0.5);
  close(m.weightedF1, 1);
  assert.throws(() => confusionMatrix([0], [2], 2), /out of range/);
  assert.equal(argmax([0.1, 0.7, 0.7]), 1);
});
