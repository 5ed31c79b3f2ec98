import { test } from 'node:test';
import assert from 'node:assert/strict';
import { erase, rankTokens, rationaleSize, sentenceFaithfulness, meanScores, type FaithfulnessInput } from '../../lib/explain/faithfulness';
import { explainText } from '../../lib/explain/explain-text';
import { parseExplainOptions } from '../../lib/explain/options';
import { probabilitiesOf } from '../../lib/explain/text-input';
import { Rng } from '../../lib/util/random';
import { ToyClassifier } from './toy-classifier';
import { setupTf } from './tf-setup';

await setupTf();

test('rationale sizes, ranking and erasure', () => {
  assert.deepEqual(
    [0.01, 0.05, 0.1, 0.2, 0.5].map((k) => rationaleSize(10, k)),
    [1, 1, 1, 2, 5],
  );
  assert.equal(rationaleSize(3, 0.5), 2);
  const special = [true, false, false, false, true];
  assert.deepEqual(rankTokens([9, 1, 3, 3, 9], special), [2, 3, 1]);
  const input: FaithfulnessInput = { ids: [2, 10, 11, 12, 3], typeIds: [0, 0, 0, 0, 0], special, target: 1 };
  assert.deepEqual(erase(input, new Set([2]), false, 'remove').ids, [2, 10, 12, 3]);
  assert.deepEqual(erase(input, new Set([2]), true, 'remove').ids, [2, 11, 3]);
  assert.deepEqual(erase(input, new Set([2]), false, 'mask', 4).ids, [2, 10, 4, 12, 3]);
});

test('a closed-form oracle: the decisive token gives comprehensiveness 0.9 and sufficiency 0', async () => {
  // class-1 probability 0.95 iff token 7 present, else 0.05
  const probFn = (rows: { ids: number[] }[]) => rows.map((r) => (r.ids.includes(7) ? [0.05, 0.95] : [0.95, 0.05]));
  const ids = [2, 10, 11, 7, 12, 13, 14, 15, 16, 17, 18, 3];
  const special = ids.map((_, i) => i === 0 || i === ids.length - 1);
  const good = ids.map((id) => (id === 7 ? 5 : 0.1));
  const bad = ids.map((id) => (id === 7 ? -5 : 0.1));
  const r = await sentenceFaithfulness(probFn, { ids, typeIds: ids.map(() => 0), special, target: 1 }, { good, bad }, new Rng(1), {
    randomRepeats: 4,
  });
  assert.ok(r);
  assert.deepEqual(
    r.methods.good.comprehensiveness.map((v) => +v.toFixed(6)),
    [0.9, 0.9, 0.9, 0.9, 0.9],
  );
  assert.deepEqual(
    r.methods.good.sufficiency.map((v) => +v.toFixed(6)),
    [0, 0, 0, 0, 0],
  );
  assert.ok(Math.abs(r.methods.good.aopcComprehensiveness - 0.9) < 1e-9);
  // the worst ranking puts the decisive token last: never removed, never kept (at ≤ 50%)
  assert.deepEqual(
    r.methods.bad.comprehensiveness.map((v) => +v.toFixed(6)),
    [0, 0, 0, 0, 0],
  );
  assert.deepEqual(
    r.methods.bad.sufficiency.map((v) => +v.toFixed(6)),
    [0.9, 0.9, 0.9, 0.9, 0.9],
  );
  assert.ok(r.random.aopcComprehensiveness > 0 && r.random.aopcComprehensiveness < 0.9);
  assert.equal(meanScores([r.methods.good, r.methods.bad]).aopcComprehensiveness, 0.45);
});

test('on a toy model whose decisive token is known, IG beats a random ranking', async () => {
  const words = ['great', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  const toy = new ToyClassifier({ words, embeddings: { great: [0, 6], '[PAD]': [0, 0] }, activation: 'tanh' });
  const o = parseExplainOptions({ steps: 50 });
  const probFn = (rows: { ids: number[]; typeIds: number[] }[]) => probabilitiesOf(toy, rows);
  const rng = new Rng(3);
  const results = [];
  for (const text of ['a b great c d e f', 'great g h i a b', 'b c d e great f g h i']) {
    const r = explainText(toy, text, 'ig', o);
    assert.equal(r.tokens[r.scores.indexOf(Math.max(...r.scores))], 'great');
    results.push(
      await sentenceFaithfulness(probFn, { ids: r.ids, typeIds: r.typeIds, special: r.special, target: r.target }, { ig: r.scores }, rng),
    );
  }
  const ig = meanScores(results.map((r) => r!.methods.ig));
  const rand = meanScores(results.map((r) => r!.random));
  assert.ok(
    ig.comprehensiveness[0] > rand.comprehensiveness[0] + 0.1,
    `comp@1% ${ig.comprehensiveness[0]} vs random ${rand.comprehensiveness[0]}`,
  );
  assert.ok(ig.aopcComprehensiveness > rand.aopcComprehensiveness + 0.1);
  assert.ok(ig.aopcSufficiency < rand.aopcSufficiency);
  toy.dispose();
});
