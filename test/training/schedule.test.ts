import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learningRateAt, lrFactor } from '../../lib/training/schedule';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

test('cosine with warm-up matches the authors 10/120 schedule', () => {
  const o = { kind: 'cosine' as const, warmupSteps: 10, totalSteps: 120 };
  close(lrFactor(0, o), 0);
  close(lrFactor(5, o), 0.5);
  close(lrFactor(10, o), 1);
  close(lrFactor(65, o), 0.5); // halfway through the decay
  close(lrFactor(120, o), 0);
  close(lrFactor(121, o), 0.5 * (1 + Math.cos((Math.PI * 111) / 110))); // HF: rises again past T
  close(learningRateAt(1e-5, o)(10), 1e-5);
});

test('linear and constant schedules', () => {
  const lin = { kind: 'linear' as const, warmupSteps: 2, totalSteps: 12 };
  close(lrFactor(1, lin), 0.5);
  close(lrFactor(7, lin), 0.5);
  close(lrFactor(12, lin), 0);
  close(lrFactor(20, lin), 0);
  close(lrFactor(0, { kind: 'constant', warmupSteps: 0, totalSteps: 5 }), 1);
});
