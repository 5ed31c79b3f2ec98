import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskTokens } from '../../lib/pretrain/masking';
import { packCorpus } from '../../lib/pretrain/batches';
import { tokenBatchFromIds } from '../../lib/model/batch';
import { Rng } from '../../lib/util/random';

const SPECIALS = new Set([0, 1, 2, 3, 4]); // pad unk cls sep mask
const MASK = 4;

function bigBatch(rows: number, len: number) {
  const ids = Array.from({ length: rows }, (_, r) => [2, ...Array.from({ length: len }, (_, i) => 10 + ((r * 31 + i * 7) % 500)), 3]);
  return tokenBatchFromIds(ids, 0);
}

test('masks ~15% of real tokens, never specials or padding, with the 80/10/10 split', () => {
  const batch = bigBatch(400, 60);
  const m = maskTokens(batch, new Rng(1), { probability: 0.15, maskId: MASK, vocabSize: 1000, specialIds: SPECIALS });
  const real = 400 * 60;
  assert.ok(Math.abs(m.positions.length / real - 0.15) < 0.005, `share ${m.positions.length / real}`);
  let masked = 0,
    kept = 0,
    random = 0;
  m.positions.forEach((p, i) => {
    assert.ok(!SPECIALS.has(batch.inputIds[p]), 'a special token was chosen');
    assert.equal(m.targets[i], batch.inputIds[p]);
    if (m.inputIds[p] === MASK) masked++;
    else if (m.inputIds[p] === batch.inputIds[p]) kept++;
    else random++;
  });
  const n = m.positions.length;
  assert.ok(Math.abs(masked / n - 0.8) < 0.03, `mask share ${masked / n}`);
  assert.ok(Math.abs(random / n - 0.1) < 0.03, `random share ${random / n}`);
  assert.ok(Math.abs(kept / n - 0.1) < 0.03, `kept share ${kept / n}`);
  // positions outside the chosen set are untouched
  const chosen = new Set(m.positions);
  for (let p = 0; p < batch.inputIds.length; p++) if (!chosen.has(p)) assert.equal(m.inputIds[p], batch.inputIds[p]);
});

test('masking is deterministic for a seed and differs across seeds', () => {
  const batch = bigBatch(20, 30);
  const opts = { probability: 0.15, maskId: MASK, vocabSize: 1000, specialIds: SPECIALS };
  const a = maskTokens(batch, new Rng(7), opts);
  const b = maskTokens(batch, new Rng(7), opts);
  const c = maskTokens(batch, new Rng(8), opts);
  assert.deepEqual([...a.positions], [...b.positions]);
  assert.deepEqual([...a.inputIds], [...b.inputIds]);
  assert.notDeepEqual([...a.positions], [...c.positions]);
});

test('whole-word masking takes every piece of a chosen word', () => {
  // tokens: [CLS] un ##believ ##able film [SEP]; words 0 0 0 1
  const batch = tokenBatchFromIds([[2, 10, 11, 12, 13, 3]], 0);
  const wordIds = [[null, 0, 0, 0, 1, null]];
  for (let seed = 0; seed < 20; seed++) {
    const m = maskTokens(batch, new Rng(seed), {
      probability: 0.5,
      maskId: MASK,
      vocabSize: 100,
      specialIds: SPECIALS,
      wordIds,
      wholeWord: true,
    });
    const pos = [...m.positions];
    const hasFirstWord = pos.some((p) => p >= 1 && p <= 3);
    if (hasFirstWord)
      assert.deepEqual(
        pos.filter((p) => p <= 3),
        [1, 2, 3],
      );
  }
});

test('packing fills rows to maxLength with specials at both ends and keeps every token', () => {
  const rows = Array.from({ length: 30 }, (_, r) => [2, ...Array.from({ length: 3 + (r % 9) }, (_, i) => 100 + r * 10 + i), 3]);
  const corpus = { rows, words: rows.map((r) => r.map((_, i) => (i === 0 || i === r.length - 1 ? null : i - 1))), tokens: 0 };
  const packed = packCorpus(corpus, 16, 2, 3);
  const inner = rows.flatMap((r) => r.slice(1, -1));
  assert.deepEqual(
    packed.rows.flatMap((r) => r.slice(1, -1)),
    inner,
  );
  for (const r of packed.rows.slice(0, -1)) assert.equal(r.length, 16);
  for (const r of packed.rows) {
    assert.equal(r[0], 2);
    assert.equal(r[r.length - 1], 3);
  }
});
