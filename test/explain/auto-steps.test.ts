// `--steps auto` on a visibly non-linear tiny encoder: every sentence ends within tolerance or at the
// maximum, the row records the steps used, the step count grows only when the delta asks for it,
// and no tensors leak. Plus the registry: every listed method has an attributor that scores every token.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { AUTO_STEPS, deltaTolerance, withinTolerance } from '../../lib/explain/convergence';
import { explainText } from '../../lib/explain/explain-text';
import { EXPLAIN_METHODS, METHOD_INFO } from '../../lib/explain/method-list';
import { ATTRIBUTORS } from '../../lib/explain/methods';
import { effectiveOptions, parseExplainOptions } from '../../lib/explain/options';
import type { SequenceClassifier } from '../../lib/model/types';
import { setupTf } from './tf-setup';
import { SENTENCES, tinyClassifier } from './tiny-model';

await setupTf();

let model: { classifier: SequenceClassifier; cleanup(): void };
before(async () => {
  model = await tinyClassifier({ initRange: 0.2, seed: 3 });
});
after(() => model.cleanup());

interface IgExtra {
  steps: number;
  tolerance: number;
  withinTolerance: boolean;
  fInput: number;
  fBaseline: number;
  relativeDelta: number;
}

test('tolerance: 5 % of |F(x) − F(x′)| with an absolute floor per output scale', () => {
  assert.equal(deltaTolerance(2, 'logit'), 0.1);
  assert.equal(deltaTolerance(-0.001, 'logit'), 0.01);
  assert.equal(deltaTolerance(0.001, 'prob'), 0.001);
  assert.ok(withinTolerance(0.009, 0.0001, 'logit'));
  assert.ok(!withinTolerance(0.2, 2, 'logit'));
});

test('steps auto is the default; each row records the steps used and is within tolerance unless at the maximum', () => {
  const o = parseExplainOptions({});
  assert.equal(o.steps, 'auto');
  assert.equal(effectiveOptions('ig', o).steps, 'auto');
  const before = tf.memory().numTensors;
  const used = new Map<number, number>();
  for (const s of SENTENCES.slice(0, 3)) {
    // small: each sentence may take 64 + 128 + 256 steps, plus the check below
    const r = explainText(model.classifier, s, 'ig', o);
    const e = r.extra as unknown as IgExtra;
    assert.ok((AUTO_STEPS as readonly number[]).includes(e.steps), `steps ${e.steps}`);
    assert.equal(e.withinTolerance, Math.abs(r.delta!) <= e.tolerance);
    assert.ok(Math.abs(e.tolerance - deltaTolerance(e.fInput - e.fBaseline, 'logit')) < 1e-12);
    if (!e.withinTolerance)
      assert.equal(e.steps, AUTO_STEPS[AUTO_STEPS.length - 1], 'only the largest step count may stay outside tolerance');
    if (e.steps > AUTO_STEPS[0]) {
      // it grew because the previous count was outside tolerance
      const prev = AUTO_STEPS[AUTO_STEPS.indexOf(e.steps as (typeof AUTO_STEPS)[number]) - 1];
      const fixed = explainText(model.classifier, s, 'ig', parseExplainOptions({ steps: prev }));
      assert.ok(!(fixed.extra as unknown as IgExtra).withinTolerance, `${s}: ${prev} steps were already within tolerance`);
    }
    used.set(e.steps, (used.get(e.steps) ?? 0) + 1);
  }
  assert.equal(tf.memory().numTensors, before, 'tensor count unchanged');
  assert.ok(used.size >= 1);
});

test('a fixed step count is used as given', () => {
  const r = explainText(model.classifier, SENTENCES[0], 'ig', parseExplainOptions({ steps: 5 }));
  assert.equal((r.extra as unknown as IgExtra).steps, 5);
});

test('registry: every listed method has an attributor scoring every token, without leaking tensors', () => {
  assert.deepEqual(Object.keys(ATTRIBUTORS).sort(), [...EXPLAIN_METHODS].sort());
  const o = parseExplainOptions({ steps: 8 });
  const before = tf.memory().numTensors;
  for (const m of EXPLAIN_METHODS) {
    const r = explainText(model.classifier, SENTENCES[1], m, o);
    assert.equal(r.method, m);
    assert.equal(r.scores.length, r.tokens.length, m);
    assert.ok(r.scores.every(Number.isFinite), m);
    assert.equal(r.delta !== null, METHOD_INFO[m].delta, `${m}: delta stored iff the method has completeness`);
  }
  assert.equal(tf.memory().numTensors, before, 'tensor count unchanged');
});
