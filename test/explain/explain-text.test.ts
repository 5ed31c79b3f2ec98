import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { explainText } from '../../lib/explain/explain-text';
import { parseExplainOptions, optionsHash } from '../../lib/explain/options';
import { aggregateWords } from '../../lib/explain/aggregate-words';
import { QUADRATURES } from '../../lib/explain/quadrature';
import { ToyClassifier } from './toy-classifier';
import { setupTf } from './tf-setup';

await setupTf();

const emb: Record<string, number[]> = { great: [0, 3], awful: [2.5, 0], movie: [0.1, 0.2], the: [0.05, -0.1], '[PAD]': [0.2, -0.3] };
const toy = new ToyClassifier({ words: ['great', 'awful', 'movie', 'the'], embeddings: emb });
const W = [
  [1, 0],
  [0, 1],
]; // ToyClassifier's head: logit_c = h_c

test('IG on a model linear in the word embeddings is exact for every quadrature and baseline', () => {
  for (const quadrature of QUADRATURES) {
    for (const baseline of ['pad', 'zero'] as const) {
      const o = parseExplainOptions({ steps: 7, quadrature, baseline });
      const r = explainText(toy, 'the great movie', 'ig', o);
      assert.equal(r.predicted, 1);
      assert.equal(r.target, 1);
      assert.deepEqual(r.tokens, ['[CLS]', 'the', 'great', 'movie', '[SEP]']);
      const rows = r.tokens.map((t) => emb[t] ?? null);
      const expected = r.tokens.map((t, i) => {
        if (baseline === 'pad' && r.special[i]) return 0;
        const x = rows[i] ?? tf.tidy<number[]>(() => Array.from(toy.table.gather([r.ids[i]]).dataSync()));
        const b = baseline === 'zero' ? [0, 0] : emb['[PAD]'];
        return (x[0] - b[0]) * W[0][1] + (x[1] - b[1]) * W[1][1];
      });
      r.scores.forEach((s, i) =>
        assert.ok(Math.abs(s - expected[i]) < 1e-4, `${quadrature}/${baseline} token ${i}: ${s} vs ${expected[i]}`),
      );
      assert.ok(Math.abs(r.delta!) < 1e-4, `delta ${r.delta}`);
      assert.deepEqual(
        r.words.map((w) => w.word),
        ['the', 'great', 'movie'],
      );
      assert.ok(Math.abs(r.words[1].score - expected[2]) < 1e-5);
    }
  }
});

test('gradient × input equals zero-baseline IG for a linear model; grad-norm is ‖W[:, c]‖', () => {
  const o = parseExplainOptions({ baseline: 'zero' });
  const ig = explainText(toy, 'awful movie', 'ig', o);
  const gi = explainText(toy, 'awful movie', 'grad-input', o);
  assert.equal(ig.target, 0);
  gi.scores.forEach((s, i) => assert.ok(Math.abs(s - ig.scores[i]) < 1e-5));
  const gn = explainText(toy, 'awful movie', 'grad-norm', o);
  gn.scores.forEach((s) => assert.ok(Math.abs(s - 1) < 1e-6));
  assert.equal(gi.delta, null);
});

test('target pinning: "label" and explicit index explain another class; prob output', () => {
  const o = parseExplainOptions({ target: 0, baseline: 'zero' });
  const r = explainText(toy, 'the great movie', 'ig', o);
  assert.equal(r.predicted, 1);
  assert.equal(r.target, 0);
  const byLabel = explainText(toy, 'the great movie', 'ig', parseExplainOptions({ target: 'label' }), { label: 0 });
  assert.equal(byLabel.target, 0);
  const nl = new ToyClassifier({ words: ['great', 'awful', 'movie', 'the'], embeddings: emb, activation: 'tanh' });
  const p = explainText(nl, 'the great movie', 'ig', parseExplainOptions({ output: 'prob', steps: 200 }));
  const extra = p.extra as { fInput: number; fBaseline: number; relativeDelta: number };
  assert.ok(extra.fInput > 0 && extra.fInput < 1);
  assert.ok(extra.relativeDelta < 0.01, `relative delta ${extra.relativeDelta}`);
  const sum = p.scores.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - (extra.fInput - extra.fBaseline) - p.delta!) < 1e-5);
  nl.dispose();
});

test('no tensor leaks across repeated attributions', () => {
  const o = parseExplainOptions({ steps: 20, internalBatchSize: 6 });
  explainText(toy, 'the great movie', 'ig', o);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    for (const m of ['ig', 'grad-input', 'grad-norm'] as const) explainText(toy, 'the awful movie', m, o);
  }
  assert.equal(tf.memory().numTensors, before);
});

test('options: aliases, validation errors name the field, hash ignores irrelevant options', () => {
  const a = parseExplainOptions({ quadrature: 'gauss-legendre' });
  assert.equal(a.quadrature, 'gausslegendre');
  assert.throws(() => parseExplainOptions({ steps: 0 }), /steps/);
  assert.throws(() => parseExplainOptions({ baseline: 'foo' }), /baseline/);
  const h1 = optionsHash('ig', parseExplainOptions({ internalBatchSize: 5 }));
  const h2 = optionsHash('ig', parseExplainOptions({}));
  assert.equal(h1, h2);
  assert.notEqual(optionsHash('ig', parseExplainOptions({ steps: 20 })), h2);
  assert.equal(optionsHash('attention', parseExplainOptions({ steps: 20 })), optionsHash('attention', parseExplainOptions({})));
});

test('word aggregation sums sub-tokens, skips specials, handles pairs', () => {
  const tok = {
    ids: [1, 2, 3, 4, 5, 6, 7],
    tokens: ['[CLS]', 'un', '##believ', 'film', '[SEP]', 'ok', '[SEP]'],
    typeIds: [0, 0, 0, 0, 0, 1, 1],
    wordIds: [null, 0, 0, 1, null, 0, null],
  };
  const words = aggregateWords(tok, [9, 1, 2, 4, 9, 8, 9], 'unbelievable film', 'ok');
  assert.deepEqual(words, [
    { word: 'unbelievable', score: 3 },
    { word: 'film', score: 4 },
    { word: 'ok', score: 8 },
  ]);
  const roberta = { ids: [0, 1, 2, 3], tokens: ['<s>', 'Ġgre', 'at', '</s>'], typeIds: [0, 0, 0, 0], wordIds: [null, 5, 5, null] };
  assert.deepEqual(aggregateWords(roberta, [0, 1, 1, 0], 'short'), [{ word: 'great', score: 2 }]);
});
